#!/usr/bin/env bash
# The trainer's CUDA path on a GPU machine with no Java and no network: fine-tune htl and shopping10
# (a small sweep each, chosen on val), export, quantize (static int8), compare int8 with fp32 on test
# (onnxruntime for Python), write the bundles, and pack them for the trip back.
#
#   src/bench/gpu-train.sh IN_DIR OUT_DIR
#
# IN_DIR holds what the Java side made here: ids.tgz (TokenizeDataset output: ids/htl-512, ids/htl-256,
# ids/shopping10-256, each with train/val/test.jsonl), encoder.onnx (the int8 bge-small-zh) and
# tokenizer.json. OUT_DIR receives <task>.tar split into 15 MB parts (bundle + logs) and env.txt.
# Budgets: HTL_MIN and SHOP_MIN minutes of training per task; TASKS limits the tasks run (default: both);
# QUANTIZE_ARGS go to job.py package (the second recorded call used --fp16-modules ffn-output).
set -uo pipefail
IN=$(cd "$1" && pwd); OUT=$(mkdir -p "$2" && cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")/../training" && pwd)
WORK=${WORK:-/tmp/sift-gpu}
HTL_MIN=${HTL_MIN:-3}; SHOP_MIN=${SHOP_MIN:-3}
PY=${PYTHON:-python3}
export PYTHONUNBUFFERED=1
mkdir -p "$WORK" && tar xzf "$IN/ids.tgz" -C "$WORK"
{ date -u; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv; nproc
  $PY -c 'import torch, onnx, numpy; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0), "bf16", torch.cuda.is_bf16_supported(), "onnx", onnx.__version__, "numpy", numpy.__version__)'
  $PY -c 'import onnxruntime; print("onnxruntime", onnxruntime.__version__)'; } >"$OUT/env.txt" 2>&1
cat "$OUT/env.txt"

# One task: sweep -> job.py package (export -> quantize -> bundle -> compare, the one copy of that
# sequence: make train and the SageMaker job run it too) -> pack. $1 name, $2 minutes, $3 sweep json.
task() {
  [[ " ${TASKS:-htl-sentiment shopping10-topic} " == *" $1 "* ]] || return 0
  local name=$1 minutes=$2 sweep=$3 dir="$WORK/$1"
  mkdir -p "$dir"
  echo "$sweep" >"$dir/sweep-config.json"
  local best
  best=$(cd "$HERE" && $PY sweep.py "$dir/sweep-config.json" "$dir/runs" --budget-min "$minutes" --init "$IN/encoder.onnx" | tail -1)
  echo "== $name: winner $best"
  local data; data=$($PY -c "import json; r=json.load(open('$dir/runs/sweep.json')); print([x for x in json.load(open('$dir/sweep-config.json')) if x['name']==r['winner']][0]['data'])")
  (cd "$HERE" && $PY job.py package "$best/best.pt" "$data/train.jsonl" "$IN/tokenizer.json" "$dir/bundle" \
       --name "$name" --version "$4" --test "$data/test.jsonl" ${QUANTIZE_ARGS:-}) \
    2>&1 | tee "$dir/export.log"
  # Export failed (e.g. a torch without the TorchScript exporter): bring the weights back in fp16 instead.
  [ -f "$dir/bundle/model.onnx" ] || [ "$name" != htl-sentiment ] || $PY -c "import torch; c=torch.load('$best/best.pt', map_location='cpu'); c['model']={k: v.half() for k, v in c['model'].items()}; torch.save(c, '$dir/best-fp16.pt')"
  # Everything but the weights, the fp32 model (95 MB) and the int8 model's copy outside the bundle comes back.
  (cd "$dir" && tar cf "$OUT/$name.tar" --exclude='best.pt' --exclude='model-fp32.onnx' --exclude='runs/*/model.onnx' \
     sweep-config.json runs $(ls -d export.log bundle best-fp16.pt 2>/dev/null))
  (cd "$OUT" && split -b 15M -d "$name.tar" "$name.tar.part" && rm "$name.tar")
}

task htl-sentiment "$HTL_MIN" '[
 {"name": "len512-lr5e-5", "data": "'$WORK'/ids/htl-512", "args": ["--lr", "5e-5", "--epochs", "5", "--batch-size", "32", "--eval-every", "100", "--patience", "4"]},
 {"name": "len512-lr1e-4", "data": "'$WORK'/ids/htl-512", "args": ["--lr", "1e-4", "--epochs", "5", "--batch-size", "32", "--eval-every", "100", "--patience", "4"]},
 {"name": "len512-lr5e-5-headlr1e-3", "data": "'$WORK'/ids/htl-512", "args": ["--lr", "5e-5", "--head-lr", "1e-3", "--epochs", "5", "--batch-size", "32", "--eval-every", "100", "--patience", "4"]},
 {"name": "len256-lr5e-5", "data": "'$WORK'/ids/htl-256", "args": ["--lr", "5e-5", "--epochs", "5", "--batch-size", "32", "--eval-every", "100", "--patience", "4"]},
 {"name": "len512-lr5e-5-seed7", "data": "'$WORK'/ids/htl-512", "args": ["--lr", "5e-5", "--epochs", "5", "--batch-size", "32", "--eval-every", "100", "--patience", "4", "--seed", "7"]},
 {"name": "len512-lr3e-5-e8", "data": "'$WORK'/ids/htl-512", "args": ["--lr", "3e-5", "--epochs", "8", "--batch-size", "32", "--eval-every", "100", "--patience", "5"]}
]' 2.0.0

task shopping10-topic "$SHOP_MIN" '[
 {"name": "len256-lr1e-4", "data": "'$WORK'/ids/shopping10-256", "args": ["--lr", "1e-4", "--epochs", "4", "--batch-size", "64", "--eval-every", "400", "--patience", "3"]},
 {"name": "len256-lr5e-5", "data": "'$WORK'/ids/shopping10-256", "args": ["--lr", "5e-5", "--epochs", "4", "--batch-size", "64", "--eval-every", "400", "--patience", "3"]},
 {"name": "len256-lr2e-4", "data": "'$WORK'/ids/shopping10-256", "args": ["--lr", "2e-4", "--epochs", "3", "--batch-size", "64", "--eval-every", "400", "--patience", "3"]}
]' 1.0.0
ls -la "$OUT"
