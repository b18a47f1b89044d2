#!/usr/bin/env bash
# ORT session creation with a model optimized once in advance (saved by ONNX Runtime at level all,
# then at level extended: what the serving build packages, PreOptimizePackagedBundle) and loaded
# with optimizations off and at the usual level, against the trained model optimized at every load,
# and whether the predictions stay the same (PreOptimizedModelBench). Writes the pre-optimized
# bundles to target/preoptimized-bundle (level all) and target/preoptimized-bundle-extended;
# src/bench/lambda-coldstart.sh times the first in fresh JVMs.
# Usage: src/bench/preoptimized-model.sh   (env TEXTS: a label,text CSV; default ../shared/data/htl/test.csv)
set -euo pipefail
cd "$(dirname "$0")/../.."
TEXTS=${TEXTS:-../shared/data/htl/test.csv}
MVN="./mvnw -B -ntp ${MAVEN_ARGS:-}"
$MVN -q test-compile dependency:build-classpath -pl src/core -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
CP="src/core/target/test-classes:src/core/target/classes:$(cat src/core/target/test-classpath.txt)"
{
  java -cp "$CP" dev.sift.bench.PreOptimizedModelBench models/review-sentiment target/preoptimized-bundle "$TEXTS" 7 all
  java -cp "$CP" dev.sift.bench.PreOptimizedModelBench models/review-sentiment target/preoptimized-bundle-extended "$TEXTS" 7 extended
} | tee src/bench/results/preoptimized-model.txt
