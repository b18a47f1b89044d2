#!/usr/bin/env bash
# A/B cold start of two checkouts (say, the commit before a change and the change): the packaged app
# (as each checkout's make run starts it, spawn -> first 200 from POST /classify) and the direct zip
# (ZipColdStartAB, through the runtime interface client), interleaved round by round; medians.
# Both checkouts must be built: the app (package + src/serving/bin/appcds.sh) and, for the zip, dist/sift-lambda.zip;
# this one's lambda test classes too (-Plambda test-compile, as coldstart-compare.sh does).
# Usage: src/bench/coldstart-ab.sh <checkout A> <checkout B> [rounds=11] ["JVM options for a B' zip variant"]
set -euo pipefail
A=$(cd "$1" && pwd); B=$(cd "$2" && pwd); ROUNDS=${3:-11}; EXTRA=${4:-}
cd "$(dirname "$0")/../.."
BODY='{"texts":["房间很干净，服务也热情，就是早餐品种少了点，总体满意。"]}'
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A runs
for r in $(seq "$ROUNDS"); do
  for side in A B; do
    root=${!side}
    port=$((30000 + r * 7 + RANDOM % 1000 * 10))
    t0=$(date +%s%N)
    # From the checkout's root, by the relative path the AppCDS archive was made with (make run's).
    # As that checkout's make run starts it (its src/serving/bin/run.sh; before that script, java -jar with the archive).
    if [ -f "$root/src/serving/bin/run.sh" ]; then
      (cd "$root" && SIFT_FEEDBACK_STORE="file:$WORK/feedback" exec bash src/serving/bin/run.sh -Dquarkus.http.port=$port) >"$WORK/app-$side.log" 2>&1 &
    else
      (cd "$root" && SIFT_FEEDBACK_STORE="file:$WORK/feedback" exec java -XX:SharedArchiveFile=src/serving/target/quarkus-app/app-cds.jsa \
        -Xlog:cds=off -Xlog:cds+dynamic=off -Dquarkus.http.port=$port -jar src/serving/target/quarkus-app/quarkus-run.jar) >"$WORK/app-$side.log" 2>&1 &
    fi
    pid=$!
    until ! kill -0 $pid 2>/dev/null || [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$BODY" http://127.0.0.1:$port/classify)" = 200 ]; do sleep 0.01; done
    t1=$(date +%s%N)
    if kill -0 $pid 2>/dev/null; then runs[$side]+="$(( (t1 - t0) / 1000000 )) "; kill $pid; wait $pid 2>/dev/null || true
    else echo "$side did not start this round (its log: $(tail -1 "$WORK/app-$side.log"))"; fi
  done
done
median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "app (make run) cold start, spawn -> first classify answer, $ROUNDS rounds interleaved"
echo "A $A: median $(echo "${runs[A]}" | median) ms  [${runs[A]}]"
echo "B $B: median $(echo "${runs[B]}" | median) ms  [${runs[B]}]"
[ -f "$A/dist/sift-lambda.zip" ] && [ -f "$B/dist/sift-lambda.zip" ] || { echo "(no dist/sift-lambda.zip in both: the zips are not compared)"; exit 0; }
java -cp "src/serving/target/lambda/test-classes:$(cat src/serving/target/lambda/test-cp.txt)" dev.sift.packaging.ZipColdStartAB \
  "$A/dist/sift-lambda.zip" "$B/dist/sift-lambda.zip" "$WORK/zip" "$ROUNDS" "$EXTRA" 2>/dev/null | grep -v "^INFO\|Mock Lambda"
