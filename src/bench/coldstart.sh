#!/usr/bin/env bash
# Cold start of the packaged JVM app: process spawn -> first successful classify answer.
# Median of RUNS runs for each variant, measured side by side in one invocation:
#   plain      java -jar (Java 17)
#   appcds     Java 17 with an AppCDS archive made by a training run (-XX:ArchiveClassesAtExit)
#   aot        Temurin 25 with a JDK AOT cache (JEP 483/514, -XX:AOTCacheOutput) made by a training run
# Usage: src/bench/coldstart.sh   (after `make build`; env RUNS, PORT, JAVA, JAVA25)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
PORT=${PORT:-18080}
JAVA=${JAVA:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=src/serving/target/quarkus-app/quarkus-run.jar
WORK=target/coldstart
mkdir -p "$WORK"
BODY='{"texts":["房间很干净，服务也热情，就是早餐品种少了点，总体满意。"]}'

# A training run: start, send real requests, stop gracefully so the JVM writes its archive at exit.
train() {
  local java=$1; shift
  "$java" "$@" -Dquarkus.http.port="$PORT" -jar "$JAR" >"$WORK/train.log" 2>&1 &
  local pid=$!
  until curl -s -o /dev/null -H 'Content-Type: application/json' -d "$BODY" "http://127.0.0.1:$PORT/classify"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "training run died, see $WORK/train.log" >&2; tail -20 "$WORK/train.log" >&2; return 1; fi
    sleep 0.1
  done
  for _ in $(seq 20); do
    curl -s -o /dev/null -H 'Content-Type: application/json' -d "$BODY" "http://127.0.0.1:$PORT/classify"
    curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"texts":["好"],"maxLength":8}' "http://127.0.0.1:$PORT/preprocess"
    curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"texts":[]}' "http://127.0.0.1:$PORT/classify"
    curl -s -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"
  done
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}

rm -f "$WORK/app.jsa" "$WORK/app.aot"
train "$JAVA" -XX:ArchiveClassesAtExit="$WORK/app.jsa" -Xlog:cds=off
HAVE_AOT=0
if [ -x "$JAVA25" ]; then
  train "$JAVA25" --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$WORK/app.aot" && [ -f "$WORK/app.aot" ] && HAVE_AOT=1
fi

# Interleaved, so drift on a noisy machine hits every variant alike; one in-process poller
# (src/bench/coldstart_variants.py) instead of a curl per attempt.
JAR_RUN="-Dquarkus.http.port={port} -jar $JAR"
variants=("plain=exec $JAVA $JAR_RUN" "appcds=exec $JAVA -XX:SharedArchiveFile=$WORK/app.jsa $JAR_RUN")
if [ "$HAVE_AOT" = 1 ]; then
  variants+=("aot=exec $JAVA25 --enable-native-access=ALL-UNNAMED -XX:AOTCache=$WORK/app.aot $JAR_RUN")
fi
python3 src/bench/coldstart_variants.py "$RUNS" "${variants[@]}"
