"""Export the best fp32 checkpoint to ONNX: inputs input_ids / attention_mask / token_type_ids
(int64 [batch, sequence]), output logits (float [batch, labels]), dynamic batch and sequence axes.

    /usr/bin/python3 export.py RUN/best.pt RUN/model-fp32.onnx

The padding mask is an additive bias of float32-min on padded keys, so a padded position gets an
attention weight of exactly 0 and a text's logits do not depend on its batch neighbours.
"""
import inspect
import sys

import onnx
import torch

from model import BertClassifier, BertConfig

OPSET = 14


def load_checkpoint(path):
    checkpoint = torch.load(path, map_location="cpu")
    model = BertClassifier(BertConfig(**checkpoint["config"]))
    model.load_state_dict(checkpoint["model"])
    return model.eval(), checkpoint


def export(checkpoint_path, out_path):
    model, checkpoint = load_checkpoint(checkpoint_path)
    ids = torch.tensor([[101, 2791, 7313, 102, 0], [101, 2523, 1962, 511, 102]], dtype=torch.long)
    mask = (ids != 0).long()
    kwargs = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # torch 2.x: the TorchScript exporter, same graph as on torch 1.13
    with torch.no_grad():
        torch.onnx.export(
            model, (ids, mask, torch.zeros_like(ids)), out_path,
            input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                          "token_type_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}},
            opset_version=OPSET, do_constant_folding=True, **kwargs)
    m = onnx.load(out_path)
    onnx.checker.check_model(m)
    print(f"fp32 ONNX ({len(checkpoint['labels'])} labels {checkpoint['labels']}) -> {out_path}")
    return out_path


if __name__ == "__main__":
    export(sys.argv[1], sys.argv[2])
