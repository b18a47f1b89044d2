#!/usr/bin/python3
"""Writes tiny-classifier/: a 3-label `classifier` bundle small enough to live in test resources.

Graph: token embedding -> attention-masked mean -> linear -> logits [batch, 3]. fp32, so it is
padding-invariant and lets the tests exercise padded batching, label order and the manifest
checks exactly. Run with Debian's python3-onnx: /usr/bin/python3 make_tiny_classifier.py

Also writes slow-session-classifier/: the same classifier whose ONNX session takes seconds to
create, for tests of what happens while a session is being created (a start-up that fails
meanwhile). A chain of MatMuls over a 2500x2500 ConstantOfShape has only constant inputs, so ONNX
Runtime's constant folding computes it during session creation (about 1 s per MatMul on one core
here) and the file stays a few hundred bytes. Its result, times zero, is added to the logits, so
the answers are the tiny classifier's.
"""
import hashlib
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = ["negative", "neutral", "positive"]
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
         "好", "差", "很", "不", "错", "一", "般", "服", "务", "房", "间", "，", "。", "!", "hello", "##s"]
HIDDEN = 4
SLOW_MATRIX = 2500
SLOW_MATMULS = 4


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


def model(slow_matmuls=0):
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
        helper.make_node("Add", ["biased", "types_zero"], ["logits" if slow_matmuls == 0 else "fast_logits"]),
    ]
    inits = [numpy_helper.from_array(emb, "embeddings"), numpy_helper.from_array(w, "classifier.weight"),
             numpy_helper.from_array(b, "classifier.bias"),
             numpy_helper.from_array(np.array([1], np.int64), "axis1"),
             numpy_helper.from_array(np.array([2], np.int64), "axis2"),
             numpy_helper.from_array(np.array([0.0], np.float32), "zero")]
    if slow_matmuls:
        # Every row of the 1/n matrix sums to 1, so its powers stay 1/n: no overflow however long the chain.
        n = SLOW_MATRIX
        nodes.append(helper.make_node("ConstantOfShape", ["slow.shape"], ["slow0"],
                                      value=numpy_helper.from_array(np.array([1.0 / n], np.float32))))
        for i in range(slow_matmuls):
            nodes.append(helper.make_node("MatMul", [f"slow{i}", "slow0"], [f"slow{i + 1}"]))
        nodes += [helper.make_node("ReduceSum", [f"slow{slow_matmuls}"], ["slow_sum"], keepdims=0),
                  helper.make_node("Mul", ["slow_sum", "zero"], ["slow_zero"]),
                  helper.make_node("Add", ["fast_logits", "slow_zero"], ["logits"])]
        inits.append(numpy_helper.from_array(np.array([n, n], np.int64), "slow.shape"))
    inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "sequence"])
              for n in ("input_ids", "attention_mask", "token_type_ids")]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", len(LABELS)])]
    graph = helper.make_graph(nodes, "tiny_classifier", inputs, outputs, inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="sift-tests")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m.SerializeToString()


def write_bundle(name, model_bytes):
    out = os.path.join(HERE, name)
    os.makedirs(out, exist_ok=True)
    files = {"model.onnx": model_bytes,
             "tokenizer.json": json.dumps(tokenizer_json(), ensure_ascii=False, indent=1).encode("utf-8")}
    for file_name, data in files.items():
        with open(os.path.join(out, file_name), "wb") as f:
            f.write(data)
    manifest = {
        "schemaVersion": 1, "name": name, "version": "0.0.1", "kind": "classifier",
        "labels": LABELS, "maxLength": 16, "truncation": {"strategy": "head"}, "batching": "padded",
        "inputs": ["input_ids", "attention_mask", "token_type_ids"], "output": "logits",
        "files": {n: {"sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d)} for n, d in files.items()},
        "metrics": {"note": "synthetic test fixture"},
    }
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def main():
    write_bundle("tiny-classifier", model())
    write_bundle("slow-session-classifier", model(slow_matmuls=SLOW_MATMULS))


if __name__ == "__main__":
    main()
