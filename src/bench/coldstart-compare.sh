#!/usr/bin/env bash
# sift's three artifacts against the Node.js peer on the same model (../shared/peer-node), cold,
# side by side in one run: median of ROUNDS process-spawn -> first classify answer each, and the
# ratios (ColdStartCompare). Builds what is missing: the app jar, both serving zips, the peer.
# Usage: src/bench/coldstart-compare.sh   (env ROUNDS, default 7; PEER, default ../shared/peer-node;
#   RUN_JAVA, the app's JVM, default java: make coldstart-compare passes make run's)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-7}
PEER=${PEER:-../shared/peer-node}
MVN="./mvnw -B -ntp ${MAVEN_ARGS:-}"
RUN_JAVA=${RUN_JAVA:-java}

[ -d "$PEER" ] || { echo "no Node.js peer at $PEER (set PEER=dir)" >&2; exit 2; }
command -v node >/dev/null || { echo "node is not installed" >&2; exit 2; }
# The peer is copied out first: shared/ may be read-only, and setup.sh writes model/ and node_modules/.
mkdir -p target/peer-node
cp -r "$PEER"/. target/peer-node/
[ -f target/peer-node/model/bge-small-zh-v1.5-q.onnx ] && [ -d target/peer-node/node_modules ] || (cd target/peer-node && bash setup.sh)

$MVN -q install -DskipTests -Dmaven.antrun.skip -pl src/core,src/store -am
# Every artifact is built from the checkout as it is, every time (Maven skips what is current): one
# left by an earlier build would be timed as this one's (a zip built before a revert once answered {}).
# RUN_JAVA's JDK: make run's runtime is jlinked from it (quarkus-app/jre, AppRuntime) and, with a JDK 25,
# so are the bundled-runtime zips' (the Lambda builds then make them too).
jdk25=$(dirname "$(dirname "$(readlink -f "$(command -v "$RUN_JAVA")")")")
$MVN -q package -DskipTests -pl src/serving -Dapp.jdk="$jdk25"
$MVN -q -Plambda-http package -DskipTests -pl src/serving -Dbundled.jdk="$jdk25"
$MVN -q -Plambda package -DskipTests -pl src/serving -Dbundled.jdk="$jdk25"
# make run's JVM (the jlinked runtime where the build made one) and its class-data archive, made afresh
# (15 s): run.sh reads it.
app_java=$RUN_JAVA
[ -x src/serving/target/quarkus-app/jre/bin/java ] && app_java=src/serving/target/quarkus-app/jre/bin/java
src/serving/bin/appcds.sh "$app_java" || true
$MVN -q -Plambda test-compile dependency:build-classpath -pl src/serving -Dmdep.outputFile=target/lambda/test-cp.txt -Dmdep.includeScope=test

# The bundled-runtime zips, where the Lambda builds made them (a JDK 25 on an x86-64 machine): two more rows.
bundled=()
if [ -f dist/sift-lambda-bundled.zip ] && [ -f dist/sift-lambda-http-bundled.zip ]; then
  bundled=(dist/sift-lambda-bundled.zip dist/sift-lambda-http-bundled.zip)
fi
out=src/bench/results/coldstart-compare.txt
# CPUS=N: every measured process (sift's and the peer's) on the machine's last N CPUs, the harness on the
# others (dev.sift.packaging.CpuPin): nearer to Lambda's ~1.2 vCPU at 2,048 MB than two cores are.
pin=()
if [ -n "${CPUS:-}" ]; then
  machine=$(nproc --all)
  [ "$CPUS" -ge 1 ] && [ "$CPUS" -le "$machine" ] || { echo "CPUS=$CPUS: between 1 and $machine" >&2; exit 2; }
  out=src/bench/results/coldstart-compare-cpus$CPUS.txt
  export SIFT_BENCH_CPUS=$CPUS SIFT_BENCH_MACHINE_CPUS=$machine
  [ "$CPUS" -lt "$machine" ] && pin=(taskset -c "0-$((machine - CPUS - 1))")
fi
{ echo "\$ make coldstart-compare ROUNDS=$ROUNDS${CPUS:+ CPUS=$CPUS}   (the app on $app_java)"; echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load before: $(cut -d' ' -f1-3 /proc/loadavg)"; } >"$out"
APP_JAVA="$app_java" "${pin[@]}" java -cp "src/serving/target/lambda/test-classes:$(cat src/serving/target/lambda/test-cp.txt)" dev.sift.packaging.ColdStartCompare \
  src/serving/bin/run.sh dist/sift-lambda.zip dist/sift-lambda-http.zip src/serving/lambda-http/test/events/http-api-v2.json \
  target/peer-node target/coldstart-compare "$ROUNDS" "${bundled[@]}" | tee -a "$out"
echo "raw output: $out"
