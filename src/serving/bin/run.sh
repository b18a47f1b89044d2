#!/usr/bin/env bash
# How `make run` starts the packaged app, and so what `make coldstart-compare`, `make bench-http`
# and coldstart-ab.sh time: from the repository root, by the relative paths its class-data archive
# was made with (the JVM compares class paths and ignores an archive made for another), with:
#   -XX:TieredStopAtLevel=1  C1 only, as infra runs the Lambda zips. On this 2-core machine it cut
#       the app's cold start by a fifth (1,916 -> 1,501 ms, median of 7, interleaved) and raised
#       make bench-http from 391 to 474 req/s (p50 9.5 -> 8.0 ms; 30 s each, side by side): C2's
#       compiler threads take a core away at start and keep taking it under load, while the hot
#       path is ONNX Runtime's native code. Set JAVA_OPTS= (empty) for the JVM's default tiers.
#   -XX:+UseSerialGC  the serial collector: no concurrent GC threads to start and feed, cheaper
#       barriers while everything still runs interpreted. Cold start 411 -> 374 ms (CPU 630 -> 600
#       ms), 9 interleaved on Temurin 25 + AOT cache; make bench-http level (610 vs 606, 625 vs 622
#       req/s, 15 s each, side by side). A small heap and two cores are what it is made for; the
#       JVM itself picks it on one core or under 1,792 MB, as on most Lambda sizes.
#   sift-run.jar instead of quarkus-run.jar: the same jars merged into one by the build
#       (src/build/java/dev/sift/packaging/AppJar.java), for the JVM's own class loader, where a
#       class-data archive maps their classes without reading them from the jars again, as Quarkus's
#       class loader must. On JDK 17 + AppCDS 1,183 -> 1,021 ms (-14%; Quarkus boot 648 -> 431 ms),
#       median of 11, interleaved (src/bench/results/launcher-and-aot-cache.txt). `java -jar
#       quarkus-run.jar` works as before (the packaged-app tests run it).
#   the class-data archive src/serving/bin/appcds.sh made with this JVM, when there is one: on a
#       JDK >= 25 the AOT cache (JEP 483/514/515: classes loaded and linked ahead of time, method
#       profiles), app.aot; before that AppCDS, app-cds.jsa. The AOT cache covers only classes of
#       the JVM's own class loaders, which is why it paid little under quarkus-run.jar (-4%) and
#       pays with sift-run.jar: Temurin 25 + AOT cache 973 ms against JDK 17 + AppCDS 1,021 ms, the
#       Node.js peer 799 ms (11 interleaved, same file). make run prefers JDK 25 (Makefile, RUN_JAVA).
#   quarkus-app/jre, when the build made it: a runtime jlinked from app.jdk (Temurin 25 as make builds
#       it) with only the app's modules (src/build/java/dev/sift/packaging/AppRuntime.java says why);
#       make run's cold start 346 -> 319 ms against the full JDK, each with its own AOT cache.
# Usage: src/serving/bin/run.sh [JVM options ...]   (env JAVA, default quarkus-app/jre's java, else java; JAVA_OPTS, default above;
#   SIFT_WRITE_ARCHIVE=1 makes this start write the archive instead of reading it: appcds.sh)
set -euo pipefail
# Bash builtins only up to the exec where it can (no dirname, sed, readlink for a JDK's own path):
# each program run costs a fork and an exec, and all of this is cold start (~9 -> 3 ms here).
case $0 in */*) cd "${0%/*}/../../.." ;; *) cd ../../.. ;; esac
APP=src/serving/target/quarkus-app
# The runtime the build jlinked beside the app (AppRuntime: 13 modules, not a full JDK's 69), else java.
if [ -z "${JAVA:-}" ]; then
  if [ -x "$APP/jre/bin/java" ]; then JAVA=$APP/jre/bin/java; else JAVA=java; fi
fi
JAVA_OPTS=${JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
# The JVM's feature release from its `release` file: asking the JVM (java -version) would cost a
# JVM start. Unknown (a wrapper script, no release file) counts as before 25: AppCDS works on both.
java_bin=$JAVA
[[ $java_bin == */* ]] || java_bin=$(command -v "$java_bin" || echo "$java_bin")
java_home=${java_bin%/bin/*}
if [ ! -f "$java_home/release" ]; then # /usr/bin/java and the like: a link into a JDK
  java_bin=$(readlink -f "$java_bin" || echo "$java_bin")
  java_home=${java_bin%/bin/*}
fi
feature=0
if [ -f "$java_home/release" ]; then
  while IFS= read -r line; do
    if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then feature=${BASH_REMATCH[1]}; fi
  done <"$java_home/release"
fi
if [ "$feature" -ge 25 ]; then
  archive=$APP/app.aot
  write=(-XX:AOTCacheOutput="$archive") read=(-XX:AOTCache="$archive") quiet=(-Xlog:aot=off -Xlog:cds=off)
  # Method profiles (JEP 515) feed C2 only, and a start replays them on a thread of its own: with C1
  # alone they cost CPU at start for nothing (-10% of the start's CPU here), so they are not recorded.
  # Nor replayed: a JDK 25 start with a cache that holds no profiles still runs the replay (its
  # "Training replay" thread, and more work on the main thread and in C1): 363 -> 332 ms without it,
  # main thread CPU 220 -> 202 ms, C1's 130 -> 120 ms (8 starts each, one set after the other;
  # 355 -> 327 ms in 13 interleaved, against the Node.js peer's 321 ms). Diagnostic flags, as the
  # JDK files both.
  if [[ " $JAVA_OPTS " == *" -XX:TieredStopAtLevel=1 "* ]]; then
    write+=(-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining)
    read+=(-XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining)
  fi
else
  archive=$APP/app-cds.jsa
  write=(-XX:ArchiveClassesAtExit="$archive") read=(-XX:SharedArchiveFile="$archive") quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
fi
cds=()
if [ "${SIFT_WRITE_ARCHIVE:-}" = 1 ]; then
  rm -f "$archive"
  cds=("${write[@]}" "${quiet[@]}")
elif [ -f "$archive" ]; then
  cds=("${read[@]}" "${quiet[@]}")
fi
# JAVA_OPTS is split on spaces on purpose: it holds several options.
# shellcheck disable=SC2086
exec "$JAVA" $JAVA_OPTS ${cds[@]+"${cds[@]}"} "$@" -jar "$APP/sift-run.jar"
