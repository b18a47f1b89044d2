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

The export -> quantize -> bundle sequence lives here once (`package`): `make train` runs this job
locally (`--name/--version/--init` and train.py arguments after `--`, plus `--fp32-bundle` for the
int8-vs-fp32 comparison), and src/bench/gpu-train.sh calls `job.py package` on its sweep's winner.

    python3 job.py package CHECKPOINT CALIBRATION_IDS TOKENIZER OUT --name N --version V [--fp32-bundle DIR]
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
    p.add_argument("--name", help="the bundle's name (overrides job.json and the hyperparameters)")
    p.add_argument("--version", help="the bundle's version (likewise)")
    p.add_argument("--init", help="weights to start from: an ONNX encoder, or random (likewise)")
    p.add_argument("--fp32-bundle", help="also write the fp32 model as a bundle here (make train compares the two)")
    p.add_argument("train_args", nargs=argparse.REMAINDER, help="after --: more train.py arguments")
    args = p.parse_args(argv)
    if args.train_args[:1] == ["--"]:
        args.train_args = args.train_args[1:]
    return args


def parse_package_args(argv):
    p = argparse.ArgumentParser(prog="job.py package",
                                description="export -> quantize (static int8) -> bundle, from a train.py checkpoint")
    p.add_argument("checkpoint", help="train.py's best.pt (its train_log.json beside it)")
    p.add_argument("calibration", help="token ids (.jsonl) of calibration texts, e.g. the train split")
    p.add_argument("tokenizer")
    p.add_argument("out", help="the int8 bundle's directory")
    p.add_argument("--name", required=True)
    p.add_argument("--version", required=True)
    p.add_argument("--label-names", default=None)
    p.add_argument("--fp16-modules", default="none", help="quantize.py --fp16-modules")
    p.add_argument("--fp32-bundle", default=None)
    p.add_argument("--test", default=None, help="token ids (.jsonl) to compare int8 with fp32 on (needs onnxruntime for Python)")
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
    name, version = args.name or name, args.version or version
    label_names = hp.pop("label-names", None)
    fp16_modules = hp.pop("fp16-modules", "none")
    init = args.init or hp.pop("init", os.path.join(args.data, "encoder.onnx"))
    hp.pop("init", None)
    if init != "random" and not os.path.isfile(init):
        raise FileNotFoundError(f"no initial weights at {init} (hyperparameter init, or encoder.onnx in the channel)")
    run_dir = os.path.join(args.work, "run")
    train_argv = ["--data", ids, "--out", run_dir, "--init", init]
    for key, value in hp.items():
        train_argv += [f"--{key}", value]
    train_argv += args.train_args
    print("job: train.py " + " ".join(train_argv), flush=True)
    train.main(train_argv)
    package(os.path.join(run_dir, "best.pt"), os.path.join(ids, "train.jsonl"), tokenizer, args.model_dir,
            name, version, label_names=label_names, fp16_modules=fp16_modules, fp32_bundle=args.fp32_bundle,
            test=os.path.join(ids, "test.jsonl"))


def package(checkpoint, calibration, tokenizer, model_dir, name, version, label_names=None, fp16_modules="none",
            fp32_bundle=None, test=None):
    """export -> quantize -> bundle (+ the fp32 twin, + int8 vs fp32 where onnxruntime for Python exists)."""
    run_dir = os.path.dirname(os.path.abspath(checkpoint))
    fp32 = export.export(checkpoint, os.path.join(run_dir, "model-fp32.onnx"))
    int8 = os.path.join(run_dir, "model.onnx")
    quantize.main([checkpoint, fp32, calibration, int8, "--fp16-modules", fp16_modules])
    labels_argv = ["--label-names", label_names] if label_names else []
    bundle.main([checkpoint, int8, tokenizer, model_dir, "--name", name, "--version", version] + labels_argv)
    if fp32_bundle:
        bundle.main([checkpoint, fp32, tokenizer, fp32_bundle, "--name", name + "-fp32", "--version", version,
                     "--quantization", "none (fp32)"] + labels_argv)
    with open(os.path.join(run_dir, "train_log.json"), encoding="utf-8") as f:
        train_log = f.read()
    if test and json.loads(train_log).get("task") == "multilabel":
        print("job: multi-label bundle; int8 vs fp32 label sets are compared by the Java CompareBundles", flush=True)
    elif test:
        try:
            import compare_onnx  # needs onnxruntime for Python: the GPU image has it, Debian has not
        except ImportError:
            print("job: onnxruntime for Python not installed; int8 vs fp32 is left to CompareBundles", flush=True)
        else:
            compare_onnx.main(fp32, int8, test, json.dumps(json.loads(train_log)["labels"]),
                              os.path.join(model_dir, "int8-vs-fp32.json"))
    with open(os.path.join(model_dir, "train_log.json"), "w", encoding="utf-8") as f:
        f.write(train_log)
    print(f"job: bundle {name} {version} -> {model_dir}", flush=True)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["package"]:
        a = parse_package_args(argv[1:])
        package(a.checkpoint, a.calibration, a.tokenizer, a.out, a.name, a.version, label_names=a.label_names,
                fp16_modules=a.fp16_modules, fp32_bundle=a.fp32_bundle, test=a.test)
        return
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
