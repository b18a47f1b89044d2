#!/usr/bin/env bash
# ORT session creation with a model optimized once in advance (level all, saved by ONNX Runtime)
# and loaded with optimizations off, against today's (optimized at every load), and whether the
# predictions stay the same (PreOptimizedModelBench). Writes the pre-optimized bundle to
# target/preoptimized-bundle, which src/bench/lambda-coldstart.sh then times in fresh JVMs.
# Usage: src/bench/preoptimized-model.sh   (env TEXTS: a label,text CSV; default ../shared/data/htl/test.csv)
set -euo pipefail
cd "$(dirname "$0")/../.."
TEXTS=${TEXTS:-../shared/data/htl/test.csv}
MVN="./mvnw -B -ntp ${MAVEN_ARGS:-}"
$MVN -q test-compile dependency:build-classpath -pl src/core -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -cp "src/core/target/test-classes:src/core/target/classes:$(cat src/core/target/test-classpath.txt)" dev.sift.bench.PreOptimizedModelBench \
  models/review-sentiment target/preoptimized-bundle "$TEXTS" 5 | tee src/bench/results/preoptimized-model.txt
