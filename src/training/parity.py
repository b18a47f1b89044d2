"""Loader parity: [CLS] vectors of the PyTorch encoder (dequantized weights, fp32) against ONNX
Runtime's on the original int8 bge-small-zh ONNX.

Input: a JSON list of {"ids": [...], "vector": [...]} written by the Java LoaderParityTest (serving
tokenizer, ONNX Runtime, [CLS] of last_hidden_state). Prints min/mean cosine; exits 1 below the floor.
It also checks that padding a batch does not move a text's vector (padding invariance).

    /usr/bin/python3 parity.py ENCODER.onnx VECTORS.json [--min-cosine 0.99]
"""
import argparse
import json

import torch

from data import pad_batch
from model import BertClassifier
from onnx_init import init_from_onnx, load_bert_weights


def main():
    p = argparse.ArgumentParser()
    p.add_argument("onnx")
    p.add_argument("vectors")
    p.add_argument("--min-cosine", type=float, default=0.99)
    args = p.parse_args()
    torch.manual_seed(0)
    cfg, _ = load_bert_weights(args.onnx)
    model = init_from_onnx(BertClassifier(cfg), args.onnx).eval()
    with open(args.vectors, encoding="utf-8") as f:
        items = json.load(f)
    cosines, single = [], []
    with torch.no_grad():
        for item in items:
            v = model.cls_vector(*pad_batch([item["ids"]]))[0]
            single.append(v)
            cosines.append(torch.nn.functional.cosine_similarity(v, torch.tensor(item["vector"]), dim=0).item())
        batched = model.cls_vector(*pad_batch([item["ids"] for item in items]))
    pad_diff = max((batched[i] - single[i]).abs().max().item() for i in range(len(items)))
    worst = min(range(len(items)), key=lambda i: cosines[i])
    print(f"loader parity on {len(items)} texts: cosine min {min(cosines):.5f} mean {sum(cosines) / len(cosines):.5f} "
          f"(worst: item {worst}, {len(items[worst]['ids'])} tokens); padded-batch max |diff| {pad_diff:.2e}")
    ok = min(cosines) >= args.min_cosine and pad_diff < 1e-4
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
