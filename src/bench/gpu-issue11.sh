#!/usr/bin/env bash
# Issue 11's matrix on a lent GPU machine (no Java, no network), in one call: on htl at the CPU recipe's
# tokenization (256 tokens, head+tail 64), fine-tune K seeds (the distillation members and the seed
# spread), each regularizer, and the fine-tune from a masked-language-model-continued encoder; then the
# members' teacher and one distilled student; package the best run and the student (export, static int8,
# int8 vs fp32 on test with onnxruntime for Python) and pack logs and bundles for the trip back, where
# the Java side evaluates the bundles (EvaluateBundle) as every other figure.
#
#   src/bench/gpu-issue11.sh IN_DIR OUT_DIR
#
# IN_DIR (made here by the Java side): ids.tgz with ids/htl-256/{train,val,test}.jsonl (make train's
# TokenizeDataset at 256 tokens head+tail 64) and ids/pretrain-htl/train.jsonl (TokenizeDataset
# --text-column text at 128 tokens, as make pretrain does), optionally ids/unlabeled/*.jsonl (more texts for the
# teacher to label, at 256 tokens head+tail 64; val/test texts among them are dropped), encoder.onnx (the int8 bge-small-zh) and
# tokenizer.json. Made here with the pipeline jar (make pipeline-jar), e.g. IN=target/gpu11:
#   J="java -cp src/pipeline/target/sift-pipeline.jar:src/pipeline/target/lib/*"; T=target/bge-small-zh/bge-small-zh-v1.5-q-tokenizer.json
#   $J dev.sift.pipeline.TokenizeDataset $T $IN/ids/htl-256 --max-length 256 --head-tokens 64 ../shared/data/htl/{train,val,test}.csv
#   $J dev.sift.pipeline.TokenizeDataset $T $IN/ids/pretrain-htl --max-length 128 --text-column text ../shared/data/htl/train.csv
#   (cd $IN && tar czf ids.tgz ids); cp target/bge-small-zh/bge-small-zh-v1.5-q.onnx $IN/encoder.onnx; cp $T $IN/tokenizer.json
# then on the device: src/bench/gpu-issue11.sh $IN $OUT (carry $IN). Back here: EvaluateBundle on the bundles.
# BUDGET_MIN minutes for all fine-tunes together (default 6); SMOKE=1 runs every step for
# a few steps only (a CPU check of the script itself, not a measurement).
set -uo pipefail
IN=$(cd "$1" && pwd); OUT=$(mkdir -p "$2" && cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")/../training" && pwd)
WORK=${WORK:-/tmp/sift-gpu11}
PY=${PYTHON:-python3}
BUDGET_MIN=${BUDGET_MIN:-6}
export PYTHONUNBUFFERED=1
rm -rf "$WORK" && mkdir -p "$WORK" && tar xzf "$IN/ids.tgz" -C "$WORK"
HTL="$WORK/ids/htl-256"
# The CPU recipe scaled for the GPU: batch 32 at twice the rate, 3 epochs, val every 100 steps.
RECIPE='"--lr", "7e-5", "--epochs", "3", "--batch-size", "32", "--eval-every", "100", "--patience", "3"'
PRETRAIN_ARGS=(--epochs 3 --batch-size 64)
if [ "${SMOKE:-0}" = 1 ]; then
  RECIPE='"--lr", "7e-5", "--max-steps", "3", "--batch-size", "8", "--eval-every", "3"'
  PRETRAIN_ARGS=(--max-steps 3 --head-steps 1 --batch-size 8)
fi
{ date -u; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>/dev/null || echo "no GPU"; nproc
  $PY -c 'import torch, onnx; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available(), "onnx", onnx.__version__)'
  $PY -c 'import onnxruntime; print("onnxruntime", onnxruntime.__version__)' 2>&1; } >"$OUT/env.txt" 2>&1
cat "$OUT/env.txt"
$PY -c 'import torch, onnx' || { echo "$PY lacks torch or onnx (PYTHON=/usr/bin/python3 on Debian)"; exit 1; }

echo "== masked-language-model pretraining on htl's train texts"
(cd "$HERE" && $PY pretrain.py --data "$WORK/ids/pretrain-htl" --tokenizer "$IN/tokenizer.json" --out "$WORK/pretrain" \
   --init "$IN/encoder.onnx" "${PRETRAIN_ARGS[@]}") 2>&1 | tee "$OUT/pretrain.log" | tail -3

echo "== fine-tunes (members, regularizers, from the MLM encoder), within $BUDGET_MIN min"
cat >"$WORK/matrix.json" <<EOF
[
 {"name": "seed1337", "data": "$HTL", "args": [$RECIPE]},
 {"name": "seed2", "data": "$HTL", "args": [$RECIPE, "--seed", "2"]},
 {"name": "seed3", "data": "$HTL", "args": [$RECIPE, "--seed", "3"]},
 {"name": "mlm", "data": "$HTL", "args": [$RECIPE, "--init", "$WORK/pretrain/encoder.pt"]},
 {"name": "llrd0.8", "data": "$HTL", "args": [$RECIPE, "--llrd", "0.8"]},
 {"name": "msd4", "data": "$HTL", "args": [$RECIPE, "--multi-sample-dropout", "4"]},
 {"name": "rdrop1", "data": "$HTL", "args": [$RECIPE, "--rdrop", "1"]},
 {"name": "fgm1", "data": "$HTL", "args": [$RECIPE, "--fgm", "1"]}
]
EOF
(cd "$HERE" && $PY sweep.py "$WORK/matrix.json" "$WORK/runs" --budget-min "$BUDGET_MIN" --init "$IN/encoder.onnx") 2>&1 \
  | tee "$OUT/matrix.log" | grep -E "^sweep: [a-z0-9.]+ exit|skipping" || true

echo "== teacher (the seed members) and the distilled student"
members=$(ls -d "$WORK"/runs/seed*/best.pt 2>/dev/null)
# a bag-of-words member (teacher.py --bow-weight) where the machine has scikit-learn
bow=$($PY -c "import sklearn" 2>/dev/null && echo "${BOW_WEIGHT:-1}" || echo 0)
if [ -n "$members" ]; then
  (cd "$HERE" && $PY teacher.py --members $members --ids "$HTL/train.jsonl" $(ls "$WORK"/ids/unlabeled/*.jsonl 2>/dev/null) --val "$HTL/val.jsonl" \
     --exclude "$HTL/val.jsonl" "$HTL/test.jsonl" --temperature 2 --bow-weight "$bow" --out "$WORK/teacher.jsonl") 2>&1 | tee "$OUT/teacher.log"
  student_args=$($PY -c "import json; print(' '.join(json.load(open('$WORK/matrix.json'))[0]['args']))")
  (cd "$HERE" && $PY train.py --data "$HTL" --out "$WORK/runs/student" --init "$IN/encoder.onnx" $student_args \
     --teacher "$WORK/teacher.jsonl" --distill-alpha 0.5) >"$WORK/student.log" 2>&1; tail -2 "$WORK/student.log"
fi

echo "== package: the student and the best non-student run on val"
best=$(cd "$WORK/runs" && $PY -c "
import json, glob
runs = [(json.load(open(p))['best'], p.split('/')[0]) for p in glob.glob('*/train_log.json') if not p.startswith('student/')]
print(max(runs, key=lambda r: (r[0]['val_macroF1'], r[0]['val_accuracy']))[1] if runs else '')")
for run in student $best; do
  [ -f "$WORK/runs/$run/best.pt" ] || continue
  (cd "$HERE" && $PY job.py package "$WORK/runs/$run/best.pt" "$HTL/train.jsonl" "$IN/tokenizer.json" "$WORK/bundles/$run" \
     --name "htl-$run" --version 11.0.0 --test "$HTL/test.jsonl") >"$WORK/runs/$run/package.log" 2>&1 || echo "package $run failed"
done

# Back: every run's train_log.json and log, the sweep summary, the teacher header, the int8 bundles.
(cd "$WORK" && head -1 teacher.jsonl >teacher-header.json 2>/dev/null
 tar cf "$OUT/issue11.tar" matrix.json teacher-header.json student.log runs/*/train_log.json runs/*/train.log \
   runs/*/package.log runs/sweep.json pretrain/pretrain_log.json $(ls -d bundles 2>/dev/null) 2>/dev/null)
(cd "$OUT" && split -b 15M -d issue11.tar issue11.tar.part && rm issue11.tar)
ls -la "$OUT"
