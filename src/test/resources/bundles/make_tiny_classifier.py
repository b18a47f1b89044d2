#!/usr/bin/python3
"""Writes tiny-classifier/: a 3-label `classifier` bundle small enough to live in test resources.

Graph: token embedding -> attention-masked mean -> linear -> logits [batch, 3]. fp32, so it is
padding-invariant and lets the tests exercise padded batching, label order and the manifest
checks exactly. Run with Debian's python3-onnx: /usr/bin/python3 make_tiny_classifier.py
"""
import hashlib
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tiny-classifier")
LABELS = ["negative", "neutral", "positive"]
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
         "好", "差", "很", "不", "错", "一", "般", "服", "务", "房", "间", "，", "。", "!", "hello", "##s"]
HIDDEN = 4


def tokenizer_json():
    special = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True} for i, t in enumerate(VOCAB[:5])]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": special,
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                                      {"Sequence": {"id": "A", "type_id": 0}},
                                      {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                           "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                                    {"Sequence": {"id": "A", "type_id": 0}},
                                    {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                                    {"Sequence": {"id": "B", "type_id": 1}},
                                    {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
                           "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]},
                                              "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]}}},
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(VOCAB)}},
    }


def model():
    rng = np.random.default_rng(7)
    emb = rng.normal(0, 0.1, (len(VOCAB), HIDDEN)).astype(np.float32)
    emb[VOCAB.index("好")] = [2, 0, 0, 0]   # pulls towards "positive"
    emb[VOCAB.index("差")] = [0, 2, 0, 0]   # pulls towards "negative"
    emb[VOCAB.index("般")] = [0, 0, 2, 0]   # pulls towards "neutral"
    w = np.zeros((HIDDEN, len(LABELS)), np.float32)
    w[0, 2] = w[1, 0] = w[2, 1] = 3.0
    b = np.array([0.0, 0.1, 0.0], np.float32)
    nodes = [
        helper.make_node("Gather", ["embeddings", "input_ids"], ["tokens"], axis=0),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "axis2"], ["mask3"]),
        helper.make_node("Mul", ["tokens", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "axis1"], ["summed"], keepdims=0),
        helper.make_node("ReduceSum", ["mask_f", "axis1"], ["count"], keepdims=1),
        helper.make_node("Div", ["summed", "count"], ["pooled"]),
        helper.make_node("Cast", ["token_type_ids"], ["types_f"], to=TensorProto.FLOAT),
        helper.make_node("ReduceSum", ["types_f", "axis1"], ["types_sum"], keepdims=1),
        helper.make_node("Mul", ["types_sum", "zero"], ["types_zero"]),  # consumes token_type_ids like BERT does
        helper.make_node("MatMul", ["pooled", "classifier.weight"], ["mm"]),
        helper.make_node("Add", ["mm", "classifier.bias"], ["biased"]),
        helper.make_node("Add", ["biased", "types_zero"], ["logits"]),
    ]
    inits = [numpy_helper.from_array(emb, "embeddings"), numpy_helper.from_array(w, "classifier.weight"),
             numpy_helper.from_array(b, "classifier.bias"),
             numpy_helper.from_array(np.array([1], np.int64), "axis1"),
             numpy_helper.from_array(np.array([2], np.int64), "axis2"),
             numpy_helper.from_array(np.array([0.0], np.float32), "zero")]
    inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "sequence"])
              for n in ("input_ids", "attention_mask", "token_type_ids")]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", len(LABELS)])]
    graph = helper.make_graph(nodes, "tiny_classifier", inputs, outputs, inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="sift-tests")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m.SerializeToString()


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {"model.onnx": model(),
             "tokenizer.json": json.dumps(tokenizer_json(), ensure_ascii=False, indent=1).encode("utf-8")}
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    manifest = {
        "schemaVersion": 1, "name": "tiny-classifier", "version": "0.0.1", "kind": "classifier",
        "labels": LABELS, "maxLength": 16, "truncation": {"strategy": "head"}, "batching": "padded",
        "inputs": ["input_ids", "attention_mask", "token_type_ids"], "output": "logits",
        "files": {n: {"sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d)} for n, d in files.items()},
        "metrics": {"note": "synthetic test fixture"},
    }
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
