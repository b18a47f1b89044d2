"""Static int8 quantization of the exported fp32 ONNX, without onnxruntime.

    /usr/bin/python3 quantize.py RUN/best.pt RUN/model-fp32.onnx CALIB.jsonl RUN/model.onnx [--calibration-texts 512]

1. Calibrate: run the fp32 PyTorch model on calibration texts (from the train split) with a forward
   hook on every encoder nn.Linear, recording the range of its input.
2. Rewrite the graph into QDQ form. Each encoder MatMul gets
      x -> QuantizeLinear(scale, zero point FIXED from calibration, uint8) -> DequantizeLinear -> MatMul
      W (int8, symmetric, one scale per output column) -> DequantizeLinear(axis=1) -------^
   which ONNX Runtime fuses into integer matmul kernels (MatMulIntegerToFloat / QLinearMatMul).
   The three embedding tables become uint8 with one scale and zero point behind
   Gather -> DequantizeLinear, as in bge's own int8 file. LayerNorm, softmax, attention matmuls
   and the small classifier head stay fp32.
3. Weights are stored as uint8 with zero point 128 (--weights u8-weights, requantize.py): the same
   values, but ONNX Runtime then runs exact U8U8 kernels instead of U8S8 ones, whose 16-bit pair sums
   saturate on x86 CPUs without VNNI (the same bundle answered 91.39% or 90.62% on htl test by CPU).
4. Optionally (--fp16-modules ffn-output, or any regex of module names), modules stay out of int8:
   their weights are stored in fp16 behind a Cast and run in fp32. On the htl model the FFN
   output projections' int8 weights caused most of the int8/fp32 logit error (the GELU output
   they read has a few very large channels, which amplify the weights' rounding): keeping them
   fp16 halved the disagreements (99.74% -> 99.87% on htl test), for 4.2 MB more and 1.5x the
   single-text latency (5.0 -> 7.7 ms). Off by default: speed and size first; use it when a
   model misses the agreement floor by a little.

Every activation scale is a constant: a text's logits are the same alone or in any padded batch,
unlike DynamicQuantizeLinear, which picks one scale per input tensor.
"""
import argparse
import os
import random
import re
from collections import defaultdict

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from data import length_sorted_batches, pad_batch, read_ids
from export import load_checkpoint
from requantize import requantize


def calibrate(model, seqs, batch_size=32):
    """{module name: (min, max)} of the input of every nn.Linear in the encoder."""
    ranges = defaultdict(lambda: [np.inf, -np.inf])
    hooks = []

    def hook(name):
        def record(module, inputs, output):
            x = inputs[0].detach()
            # Padding rows carry values too; they do not matter, but including them only widens the range.
            r = ranges[name]
            r[0] = min(r[0], x.min().item())
            r[1] = max(r[1], x.max().item())
        return record

    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear) and name.startswith("bert."):
            hooks.append(module.register_forward_hook(hook(name)))
    with torch.no_grad():
        for idx in length_sorted_batches(len(seqs), [len(s) for s in seqs], batch_size):
            model(*pad_batch([seqs[i] for i in idx]))
    for h in hooks:
        h.remove()
    return dict(ranges)


def activation_qparams(lo, hi):
    """uint8 asymmetric: the range always includes 0 so that 0 (and padding) is exact."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = (hi - lo) / 255.0 or 1.0
    zero = int(np.clip(round(-lo / scale), 0, 255))
    return np.float32(scale), np.uint8(zero)


FFN_OUTPUT = r"^bert\.encoder\.layer\.\d+\.output\.dense$"
PRESETS = {"ffn-output": FFN_OUTPUT, "none": ""}


def quantize_graph(model_proto, ranges, fp16_modules=""):
    g = model_proto.graph
    inits = {i.name: i for i in g.initializer}
    consumers = defaultdict(list)
    for node in g.node:
        for i in node.input:
            consumers[i].append(node)
    new_inits, removed = [], set()
    qdq_of = {}  # activation tensor -> its dequantized copy
    before = {}  # node name -> nodes to insert before it
    activation_range = defaultdict(lambda: [np.inf, -np.inf])
    matmuls = []

    # Pair each weight MatMul with its module through the Add of '<module>.bias' that follows it.
    for node in g.node:
        if node.op_type != "MatMul" or node.input[1] not in inits:
            continue
        adds = [n for n in consumers[node.output[0]] if n.op_type == "Add"]
        bias = [i for n in adds for i in n.input if i in inits and i.endswith(".bias")]
        if len(bias) != 1:
            raise ValueError(f"MatMul {node.name}: no '<module>.bias' Add after it")
        module = bias[0][: -len(".bias")]
        if module not in ranges:
            raise ValueError(f"MatMul {node.name} ({module}) was not seen during calibration")
        r = activation_range[node.input[0]]
        r[0], r[1] = min(r[0], ranges[module][0]), max(r[1], ranges[module][1])
        matmuls.append((node, module))
    if len(matmuls) != len(ranges):
        raise ValueError(f"{len(ranges)} calibrated linears but {len(matmuls)} weight MatMuls in the graph")

    kept_fp16 = 0
    for node, module in matmuls:
        if fp16_modules and re.search(fp16_modules, module):
            w_name = node.input[1]
            w16 = numpy_helper.to_array(inits[w_name]).astype(np.float16)
            new_inits.append(numpy_helper.from_array(w16, f"{module}.weight_fp16"))
            before.setdefault(node.name, []).append(helper.make_node(
                "Cast", [f"{module}.weight_fp16"], [f"{module}.weight_fp32"], name=f"{module}.weight_Cast",
                to=TensorProto.FLOAT))
            node.input[1] = f"{module}.weight_fp32"
            removed.add(w_name)
            kept_fp16 += 1
            continue
        x = node.input[0]
        if x not in qdq_of:
            scale, zero = activation_qparams(*activation_range[x])
            s, z, q, dq = (f"{x}_scale", f"{x}_zero_point", f"{x}_quantized", f"{x}_dequantized")
            new_inits += [numpy_helper.from_array(np.array(scale), s), numpy_helper.from_array(np.array(zero), z)]
            before[node.name] = [helper.make_node("QuantizeLinear", [x, s, z], [q], name=f"{x}_QuantizeLinear"),
                                 helper.make_node("DequantizeLinear", [q, s, z], [dq], name=f"{x}_DequantizeLinear")]
            qdq_of[x] = dq
        w_name = node.input[1]
        w = numpy_helper.to_array(inits[w_name]).astype(np.float32)  # [in, out]
        w_scale = (np.abs(w).max(axis=0) / 127.0).astype(np.float32)
        w_scale[w_scale == 0] = 1.0
        w_q = np.clip(np.round(w / w_scale[None, :]), -127, 127).astype(np.int8)
        base = f"{module}.weight"
        new_inits += [numpy_helper.from_array(w_q, f"{base}_quantized"),
                      numpy_helper.from_array(w_scale, f"{base}_scale"),
                      numpy_helper.from_array(np.zeros(w.shape[1], np.int8), f"{base}_zero_point")]
        before.setdefault(node.name, []).append(helper.make_node(
            "DequantizeLinear", [f"{base}_quantized", f"{base}_scale", f"{base}_zero_point"], [f"{base}_dequantized"],
            name=f"{base}_DequantizeLinear", axis=1))
        node.input[0], node.input[1] = qdq_of[x], f"{base}_dequantized"
        removed.add(w_name)

    # Embedding tables: uint8, one scale and zero point each, dequantized after the lookup.
    after = {}
    for node in g.node:
        if node.op_type == "Gather" and node.input[0] in inits and node.input[0].endswith("embeddings.weight"):
            name = node.input[0]
            table = numpy_helper.to_array(inits[name]).astype(np.float32)
            scale, zero = activation_qparams(float(table.min()), float(table.max()))
            table_q = np.clip(np.round(table / scale) + zero, 0, 255).astype(np.uint8)
            new_inits += [numpy_helper.from_array(table_q, f"{name}_quantized"),
                          numpy_helper.from_array(np.array(scale), f"{name}_scale"),
                          numpy_helper.from_array(np.array(zero), f"{name}_zero_point")]
            out = node.output[0]
            node.input[0] = f"{name}_quantized"
            node.output[0] = f"{out}_quantized"
            after[node.name] = [helper.make_node("DequantizeLinear", [f"{out}_quantized", f"{name}_scale",
                                                                      f"{name}_zero_point"], [out],
                                                 name=f"{name}_DequantizeLinear")]
            removed.add(name)

    nodes = []
    for node in g.node:
        nodes += before.get(node.name, [])
        nodes.append(node)
        nodes += after.get(node.name, [])
    del g.node[:]
    g.node.extend(nodes)
    kept = [i for i in g.initializer if i.name not in removed]
    del g.initializer[:]
    g.initializer.extend(kept + new_inits)
    return model_proto, len(matmuls) - kept_fp16, kept_fp16


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("checkpoint")
    p.add_argument("fp32_onnx")
    p.add_argument("calibration", help="token ids (.jsonl) of calibration texts, e.g. the train split")
    p.add_argument("out")
    p.add_argument("--calibration-texts", type=int, default=512)
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--weights", default="u8-weights", choices=("u8-weights", "s8", "s7-weights"),
                   help="how the int8 weights are stored (requantize.py): u8-weights (default) gives ONNX Runtime's "
                        "exact U8U8 kernels on every x86 CPU; s8 saturates on x86 without VNNI")
    p.add_argument("--fp16-modules", default="none",
                   help="modules kept in fp16 instead of int8: none (default), ffn-output, or a regex of module names")
    args = p.parse_args(argv)
    torch.manual_seed(args.seed)
    model, _ = load_checkpoint(args.checkpoint)
    _, _, seqs = read_ids(args.calibration)
    random.Random(args.seed).shuffle(seqs)
    ranges = calibrate(model, seqs[:args.calibration_texts])
    quantized, n, n16 = quantize_graph(onnx.load(args.fp32_onnx), ranges,
                                       PRESETS.get(args.fp16_modules, args.fp16_modules))
    quantized, _ = requantize(quantized, args.weights)
    onnx.checker.check_model(quantized)
    onnx.save(quantized, args.out)
    print(f"int8: {n} linears with static activation scales from {min(len(seqs), args.calibration_texts)} texts, "
          f"{n16} in fp16; "
          f"{os.path.getsize(args.fp32_onnx) / 1e6:.1f} MB fp32 -> {os.path.getsize(args.out) / 1e6:.1f} MB -> {args.out}")


if __name__ == "__main__":
    main()
