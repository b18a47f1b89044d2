#!/usr/bin/env bash
# The packaged app's AppCDS archive (JDK 17+): a training run that boots the app, answers real
# requests of each route and stops with SIGTERM, so the JVM writes every class it loaded to
# quarkus-app/app-cds.jsa (-XX:ArchiveClassesAtExit). make run then starts with it: about a fifth of
# the cold start (README, Cold start). The JVM refuses an archive that does not match the JDK or the
# class path, and then starts without one; make run stays correct either way.
# The JVM checks the class path against the archive's, so the training run starts the app through
# run.sh itself: the same flat class path, by the same relative paths.
# Usage: src/serving/bin/appcds.sh [java]   (after the app is packaged)
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAVA=${1:-java}
APP=src/serving/target/quarkus-app
PORT=$((20000 + RANDOM % 20000))
BODY='{"texts":["房间很干净，服务也热情，就是早餐品种少了点，总体满意。"]}'
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
rm -f "$APP/app-cds.jsa"
SIFT_FEEDBACK_STORE="file:$WORK/feedback" JAVA="$JAVA" src/serving/bin/run.sh -XX:ArchiveClassesAtExit="$APP/app-cds.jsa" \
  -Xlog:cds=off -Xlog:cds+dynamic=off -Dquarkus.http.port="$PORT" >"$WORK/train.log" 2>&1 &
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
[ -f "$APP/app-cds.jsa" ] && echo "appcds: $APP/app-cds.jsa ($(du -h "$APP/app-cds.jsa" | cut -f1))"
