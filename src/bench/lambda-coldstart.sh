#!/usr/bin/env bash
# Cold start of dist/sift-lambda.zip (direct invocation, JVM) as the managed Java runtime starts it:
# process spawn -> first classify answer through the AWS runtime interface client behind a mock
# Runtime API; median of RUNS for plain / AppCDS / JDK 25 AOT cache (LambdaColdStart).
# With target/preoptimized-bundle (src/bench/preoptimized-model.sh) also a "preopt" variant serving it.
# Usage: src/bench/lambda-coldstart.sh   (env RUNS, JAVA25, PREOPTIMIZED; builds the zip when it is missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
MVN="./mvnw -B -ntp ${MAVEN_ARGS:-}"
# sift-core and sift-store from the local repository (-pl builds one module): installed first.
$MVN -q install -DskipTests -Dmaven.antrun.skip -pl src/core,src/store -am
[ -f dist/sift-lambda.zip ] || $MVN -Plambda package -DskipTests -pl src/serving
$MVN -q -Plambda test-compile dependency:build-classpath -pl src/serving -Dmdep.outputFile=target/lambda/test-cp.txt -Dmdep.includeScope=test
out=src/bench/results/lambda-coldstart.txt
echo "load before the run: $(cut -d" " -f1-3 /proc/loadavg)" >"$out"
java -cp "src/serving/target/lambda/test-classes:$(cat src/serving/target/lambda/test-cp.txt)" dev.sift.packaging.LambdaColdStart \
  dist/sift-lambda.zip target/lambda/coldstart "$RUNS" "$JAVA25" ${PREOPTIMIZED:-target/preoptimized-bundle} | tee -a "$out"
echo "raw output: $out"
