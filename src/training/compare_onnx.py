"""int8 vs fp32 on a test split with onnxruntime for Python, where it is installed (the GPU
container has it; Debian has not, and there the Java CompareBundles does this with the serving code).

    python3 compare_onnx.py FP32.onnx INT8.onnx TEST.jsonl LABELS_JSON OUT.json

Runs both models over the test token ids in length-sorted padded batches (the int8 model's
activation scales are fixed, so batching does not change its answers) and writes accuracy and
macro-F1 of each, their agreement, the accuracy drop and the file sizes.
"""
import json
import os
import sys

import numpy as np
import onnxruntime as ort

from data import length_sorted_batches, read_ids
from train import macro_f1


def logits_of(path, seqs, batch_size=32):
    options = ort.SessionOptions()
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    out = [None] * len(seqs)
    for idx in length_sorted_batches(len(seqs), [len(s) for s in seqs], batch_size):
        width = max(len(seqs[i]) for i in idx)
        ids = np.zeros((len(idx), width), np.int64)
        mask = np.zeros((len(idx), width), np.int64)
        for row, i in enumerate(idx):
            ids[row, :len(seqs[i])] = seqs[i]
            mask[row, :len(seqs[i])] = 1
        logits = session.run(["logits"], {"input_ids": ids, "attention_mask": mask,
                                          "token_type_ids": np.zeros_like(ids)})[0]
        for row, i in enumerate(idx):
            out[i] = logits[row]
    return np.stack(out)


def main(fp32, int8, test, labels_json, out_path):
    labels = json.loads(labels_json)
    _, gold_labels, seqs = read_ids(test)
    gold = [labels.index(l) for l in gold_labels]
    report = {"texts": len(seqs), "onnxruntime": ort.__version__}
    preds = {}
    for name, path in (("fp32", fp32), ("int8", int8)):
        pred = logits_of(path, seqs).argmax(-1).tolist()
        preds[name] = pred
        report[name] = {"accuracy": sum(int(p == g) for p, g in zip(pred, gold)) / len(gold),
                        "macroF1": macro_f1(gold, pred, len(labels)), "bytes": os.path.getsize(path)}
    report["agreement"] = sum(int(a == b) for a, b in zip(preds["fp32"], preds["int8"])) / len(gold)
    report["accuracyDropPoints"] = 100 * (report["fp32"]["accuracy"] - report["int8"]["accuracy"])
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report))


if __name__ == "__main__":
    main(*sys.argv[1:6])
