"""The training container's job, following SageMaker's training contract (and runnable anywhere).

    train                                   # in the image: channel /opt/ml/input/data/train -> /opt/ml/model
    python3 job.py --data DIR --model-dir DIR [--config hyperparameters.json] [--output DIR]

The train channel holds what the pipeline's prepare step wrote with the serving tokenizer (Java):
ids/train.jsonl, ids/val.jsonl, ids/test.jsonl, encoder.onnx (the weights to start from),
tokenizer.json and job.json (defaults for the hyperparameters below: name, version, label-names). Hyperparameters (SageMaker writes /opt/ml/input/config/hyperparameters.json,
every value a string): `name`, `version`, `label-names` (e.g. 0=negative,1=positive) for the
bundle, `fp16-modules` for quantize.py; every other key is passed to train.py as --key value (lr, epochs, batch-size, patience,
init=random for tests, ...). Steps: train.py -> export.py -> quantize.py -> bundle.py into the model
directory, plus int8-vs-fp32.json where onnxruntime for Python exists (the GPU image has it).
SageMaker tars the model directory into model.tar.gz; the pipeline's evaluate step registers it.
Any failure writes OUTPUT/failure (SageMaker shows it as the job's FailureReason) and exits 1.
"""
import argparse
import json
import os
import sys
import traceback

import bundle
import export
import quantize
import train

SAGEMAKER = "/opt/ml"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.environ.get("SM_CHANNEL_TRAIN", f"{SAGEMAKER}/input/data/train"))
    p.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", f"{SAGEMAKER}/model"))
    p.add_argument("--config", default=f"{SAGEMAKER}/input/config/hyperparameters.json")
    p.add_argument("--output", default=os.environ.get("SM_OUTPUT_DIR", f"{SAGEMAKER}/output"))
    p.add_argument("--work", default="/tmp/sift-job")
    return p.parse_args(argv)


def read_hyperparameters(path):
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        values = json.load(f)
    if not isinstance(values, dict):
        raise ValueError(f"{path} must hold a JSON object of hyperparameters")
    return {str(k): str(v) for k, v in values.items()}


def run(args):
    # job.json in the channel (written by the pipeline's prepare step: bundle name, run version,
    # label names) gives defaults; SageMaker hyperparameters override them.
    hp = read_hyperparameters(os.path.join(args.data, "job.json"))
    hp.update(read_hyperparameters(args.config))
    ids = os.path.join(args.data, "ids")
    for name in ("train.jsonl", "val.jsonl", "test.jsonl"):
        if not os.path.isfile(os.path.join(ids, name)):
            raise FileNotFoundError(f"train channel {args.data} has no ids/{name}: the prepare step writes "
                                    "ids/{train,val,test}.jsonl, encoder.onnx and tokenizer.json")
    tokenizer = os.path.join(args.data, "tokenizer.json")
    name, version = hp.pop("name", "sift-classifier"), hp.pop("version", "0.0.0")
    label_names = hp.pop("label-names", None)
    fp16_modules = hp.pop("fp16-modules", "none")
    init = hp.pop("init", os.path.join(args.data, "encoder.onnx"))
    if init != "random" and not os.path.isfile(init):
        raise FileNotFoundError(f"no initial weights at {init} (hyperparameter init, or encoder.onnx in the channel)")
    run_dir = os.path.join(args.work, "run")
    train_argv = ["--data", ids, "--out", run_dir, "--init", init]
    for key, value in hp.items():
        train_argv += [f"--{key}", value]
    print("job: train.py " + " ".join(train_argv), flush=True)
    train.main(train_argv)

    checkpoint = os.path.join(run_dir, "best.pt")
    fp32 = export.export(checkpoint, os.path.join(run_dir, "model-fp32.onnx"))
    int8 = os.path.join(run_dir, "model.onnx")
    quantize.main([checkpoint, fp32, os.path.join(ids, "train.jsonl"), int8, "--fp16-modules", fp16_modules])
    bundle_argv = [checkpoint, int8, tokenizer, args.model_dir, "--name", name, "--version", version]
    if label_names:
        bundle_argv += ["--label-names", label_names]
    bundle.main(bundle_argv)
    try:
        import compare_onnx  # needs onnxruntime for Python: the GPU image has it, Debian has not
    except ImportError:
        print("job: onnxruntime for Python not installed; int8 vs fp32 is left to CompareBundles", flush=True)
    else:
        with open(os.path.join(run_dir, "train_log.json"), encoding="utf-8") as f:
            labels = json.load(f)["labels"]
        compare_onnx.main(fp32, int8, os.path.join(ids, "test.jsonl"), json.dumps(labels),
                          os.path.join(args.model_dir, "int8-vs-fp32.json"))
    with open(os.path.join(run_dir, "train_log.json"), encoding="utf-8") as f:
        train_log = f.read()
    with open(os.path.join(args.model_dir, "train_log.json"), "w", encoding="utf-8") as f:
        f.write(train_log)
    print(f"job: bundle {name} {version} -> {args.model_dir}", flush=True)


def main(argv=None):
    args = parse_args(argv)
    try:
        run(args)
    except Exception as e:  # the job's one exit: say why where SageMaker looks, then fail
        traceback.print_exc()
        os.makedirs(args.output, exist_ok=True)
        with open(os.path.join(args.output, "failure"), "w", encoding="utf-8") as f:
            f.write(f"{type(e).__name__}: {e}"[:1000])
        sys.exit(1)


if __name__ == "__main__":
    main()
