#!/usr/bin/env bash
# The packaged app's class-data archive, for the JVM given: a training run that boots the app as
# make run does (src/serving/bin/run.sh, which picks the kind: the AOT cache app.aot on a JDK >= 25,
# AppCDS app-cds.jsa before), answers real requests of each route and stops with SIGTERM, and the
# JVM writes what it loaded. make run then starts with it (README, Cold start). The JVM refuses an
# archive that does not match it or the class path, and then starts without one; make run stays
# correct either way.
# Usage: src/serving/bin/appcds.sh [java]   (after the app is packaged; default: run.sh's, the runtime the
#   build jlinked beside the app, else java)
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAVA=${1:-}
if [ -z "$JAVA" ]; then
  if [ -x src/serving/target/quarkus-app/jre/bin/java ]; then JAVA=src/serving/target/quarkus-app/jre/bin/java; else JAVA=java; fi
fi
PORT=$((20000 + RANDOM % 20000))
BODY='{"texts":["房间很干净，服务也热情，就是早餐品种少了点，总体满意。"]}'
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SIFT_WRITE_ARCHIVE=1 SIFT_FEEDBACK_STORE="file:$WORK/feedback" JAVA="$JAVA" src/serving/bin/run.sh -Dquarkus.http.port="$PORT" \
  >"$WORK/train.log" 2>&1 &
pid=$!
post() { curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$2" "http://127.0.0.1:$PORT/$1" || true; }
for _ in $(seq 600); do
  [ "$(post classify "$BODY")" = 200 ] && break
  kill -0 "$pid" 2>/dev/null || { echo "appcds: the training run died:" >&2; tail -20 "$WORK/train.log" >&2; exit 1; }
  sleep 0.1
done
for _ in $(seq 10); do
  post classify "$BODY" >/dev/null; post classify '{"texts":[]}' >/dev/null
  post preprocess '{"texts":["好"]}' >/dev/null; post feedback '{"text":"房间很干净","label":"positive"}' >/dev/null
  curl -s -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" || true
done
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
# The archive this start wrote: the newer of the two kinds.
written=$(ls -t src/serving/target/quarkus-app/app.aot src/serving/target/quarkus-app/app-cds.jsa 2>/dev/null | head -1 || true)
if [ -z "$written" ] || [ "$written" -ot "$WORK" ]; then
  echo "appcds: the training run wrote no archive:" >&2; tail -20 "$WORK/train.log" >&2; exit 1
fi
echo "appcds: $written ($(du -h "$written" | cut -f1))"
