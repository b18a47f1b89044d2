#!/usr/bin/env bash
# Issue 17's "ORT format" lever, measured: session creation of the default bundle's model.onnx against the same
# model saved in ONNX Runtime's own format (src/bench/probes/OrtFormatProbe.java), one load per fresh JVM,
# variants interleaved, ROUNDS rounds; medians at the end. Usage: bash src/bench/ort-format-probe.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-9}
ORT=$(ls ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.23.2/onnxruntime-1.23.2.jar)
MODEL=models/review-sentiment/model.onnx
mkdir -p target/ort/classes
javac -d target/ort/classes -cp "$ORT" src/bench/probes/OrtFormatProbe.java
probe() { java -XX:TieredStopAtLevel=1 -cp "target/ort/classes:$ORT" OrtFormatProbe "$@" 2>/dev/null; }
[ -f target/ort/model-extended.ort ] || probe write "$MODEL" target/ort/model-extended.ort extended
probe compare "$MODEL" target/ort/model-extended.ort
variants=("$MODEL all" "target/ort/model-extended.ort none" "target/ort/model-extended.ort all" "$MODEL none")
log=target/ort/rounds.txt; : >"$log"
for round in $(seq "$ROUNDS"); do
  for v in "${variants[@]}"; do
    # shellcheck disable=SC2086
    echo "$v $(probe load $v)" | tee -a "$log"
  done
done
echo "medians of $ROUNDS (session ms / first inference ms), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores:"
/usr/bin/python3 - "$log" "${variants[@]}" <<'PY'
import re, statistics, sys
lines = open(sys.argv[1]).read().splitlines()
for v in sys.argv[2:]:
    runs = [tuple(map(int, re.search(r"session (\d+) ms, first inference (\d+) ms", l).groups())) for l in lines if l.startswith(v + " ")]
    print(f"  {v:40s} session {statistics.median(r[0] for r in runs):.0f} ms  first inference {statistics.median(r[1] for r in runs):.0f} ms"
          f"  (sessions {[r[0] for r in runs]})")
PY
