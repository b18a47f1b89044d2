#!/usr/bin/env bash
# How `make run` starts the packaged app, and so what `make coldstart-compare` and coldstart-ab.sh
# time: from the repository root, by the relative paths its AppCDS archive was made with (the JVM
# compares class paths and ignores an archive made for another), with:
#   -XX:TieredStopAtLevel=1  C1 only, as infra runs the Lambda zips. On this 2-core machine it cut
#       the app's cold start by a fifth (1,916 -> 1,501 ms, median of 7, interleaved) and raised
#       make bench-http from 391 to 474 req/s (p50 9.5 -> 8.0 ms; 30 s each, side by side): C2's
#       compiler threads take a core away at start and keep taking it under load, while the hot
#       path is ONNX Runtime's native code. Set JAVA_OPTS= (empty) for the JVM's default tiers.
#   the AppCDS archive (src/serving/bin/appcds.sh) when one is there: about a fifth less again.
#   sift-run.jar instead of quarkus-run.jar: a launcher the build writes beside it, whose manifest
#       puts the same jars on the JVM's own class path (src/serving/pom.xml), where AppCDS maps
#       their classes without reading them from the jars again, as Quarkus's class loader must.
#       1,228 -> 1,116 ms (-9%; Quarkus boot 606 -> 501 ms), median of 11, interleaved (README,
#       Cold start). `java -jar quarkus-run.jar` works as before (the packaged-app tests run it).
# Usage: src/serving/bin/run.sh [JVM options ...]   (env JAVA, default java; JAVA_OPTS, default above)
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAVA=${JAVA:-java}
APP=src/serving/target/quarkus-app
JAVA_OPTS=${JAVA_OPTS--XX:TieredStopAtLevel=1}
cds=()
if [ -f "$APP/app-cds.jsa" ]; then
  cds=(-XX:SharedArchiveFile="$APP/app-cds.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
# JAVA_OPTS is split on spaces on purpose: it holds several options.
# shellcheck disable=SC2086
exec "$JAVA" $JAVA_OPTS ${cds[@]+"${cds[@]}"} "$@" -jar "$APP/sift-run.jar"
