"""Re-encode the int8 linears of a quantize.py graph so that ONNX Runtime's fused kernels compute
the same integers on every CPU, without the fp32 model.

    /usr/bin/python3 requantize.py IN.onnx OUT.onnx --scheme u8-weights|s7-weights|u7-activations
    /usr/bin/python3 requantize.py --bundle IN_DIR OUT_DIR --scheme u8-weights --version 1.2.0 [--test-metrics metrics.json]

Why: quantize.py pairs uint8 activations with full-range int8 weights. ONNX Runtime fuses each
linear into MatMulIntegerToFloat and runs it with MLAS's U8S8 kernels. Where the CPU has VNNI
(AVX-512 VNNI, AVX-VNNI), AMX or is arm64, those add u8*s8 products in 32 bits. On AVX2 and
AVX-512 CPUs without VNNI they use VPMADDUBSW, which adds each pair of neighbouring products in
saturating 16-bit arithmetic: 255*127*2 = 64,770 is clipped to 32,767, so the same bundle answers
differently by CPU (htl test: 91.39% on a VNNI machine, 90.62% on an AVX2-only EPYC).

Schemes (each one keeps every product pair inside int16, or avoids VPMADDUBSW altogether):
  u8-weights      weights stored as uint8 with zero point 128: the very same dequantized values,
                  so the reference (unfused) graph's answers do not change at all. ORT runs U8U8
                  kernels, which widen to 16 bits and add pairs with VPMADDWD into int32: exact on
                  every x86 path. Costs speed where VNNI would have been used for U8S8.
  s7-weights      weights rounded to 7 bits (|q| <= 63, scale * 127/63): 255*63*2 = 32,130 fits.
                  Keeps the fast U8S8 kernels; doubles the weights' rounding step.
  u7-activations  activations quantized to 0..127 (scale * 255/127): 127*127*2 = 32,258 fits.
                  Keeps U8S8 and 8-bit weights; doubles the activations' rounding step.
  s8              no change (today's graph), for side-by-side measurements.
"""
import argparse
import hashlib
import json
import os
import shutil

import numpy as np
import onnx
from onnx import numpy_helper

SCHEMES = ("u8-weights", "s7-weights", "u7-activations", "s8")


def weight_dequantizers(graph):
    """(node, weight, scale, zero point) of every DequantizeLinear of an int8 weight initializer."""
    inits = {i.name: i for i in graph.initializer}
    found = []
    for node in graph.node:
        if node.op_type != "DequantizeLinear" or node.input[0] not in inits:
            continue
        w = inits[node.input[0]]
        if w.data_type != onnx.TensorProto.INT8:
            continue
        found.append((node, w, inits[node.input[1]], inits[node.input[2]]))
    return found


def activation_quantizers(graph):
    """(scale, zero point) initializers of every QuantizeLinear of an activation."""
    inits = {i.name: i for i in graph.initializer}
    return [(inits[n.input[1]], inits[n.input[2]]) for n in graph.node
            if n.op_type == "QuantizeLinear" and n.input[0] not in inits]


def replace(init, array):
    init.CopyFrom(numpy_helper.from_array(array, init.name))


def requantize(model, scheme):
    g = model.graph
    weights = weight_dequantizers(g)
    if scheme != "s8" and not weights:
        raise ValueError("no int8 weight behind a DequantizeLinear: not a quantize.py graph")
    for _, w, scale, zero in weights:
        q = numpy_helper.to_array(w).astype(np.int32)
        if np.any(numpy_helper.to_array(zero) != 0):
            raise ValueError(f"{w.name}: expected symmetric int8 weights (zero point 0)")
        if scheme == "u8-weights":
            replace(w, (q + 128).astype(np.uint8))
            replace(zero, np.full(numpy_helper.to_array(zero).shape, 128, np.uint8))
        elif scheme == "s7-weights":
            s = numpy_helper.to_array(scale).astype(np.float64)
            peak = np.abs(q).max(axis=0 if q.ndim == 2 else None)
            peak = np.where(peak == 0, 1, peak)
            # Same absolute range, 63 steps instead of the column's peak: w = q*s = q7*s7.
            s7 = s * peak / 63.0
            q7 = np.clip(np.round(q * s / s7), -63, 63)
            replace(w, q7.astype(np.int8))
            replace(scale, s7.astype(np.float32))
    if scheme == "u7-activations":
        for scale, zero in activation_quantizers(g):
            s = float(numpy_helper.to_array(scale))
            z = int(numpy_helper.to_array(zero))
            lo, hi = -z * s, (255 - z) * s
            s7 = (hi - lo) / 127.0
            z7 = int(np.clip(round(-lo / s7), 0, 127))
            replace(scale, np.array(s7, np.float32))
            replace(zero, np.array(z7, np.uint8))
    return model, len(weights)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def rerelease(bundle_in, bundle_out, scheme, version, test_metrics=None):
    """A bundle's model requantized under a new version: files and their hashes, the quantization read
    from the new graph, the architecture read from it, provenance without machine paths; the old test
    metrics are dropped (they belong to the old file) unless new ones are given."""
    from architecture import read_architecture
    from bundle import describe_quantization, recorded_test_metrics, training_provenance
    with open(os.path.join(bundle_in, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    os.makedirs(bundle_out, exist_ok=True)
    model_out = os.path.join(bundle_out, "model.onnx")
    model, _ = requantize(onnx.load(os.path.join(bundle_in, "model.onnx")), scheme)
    onnx.checker.check_model(model)
    onnx.save(model, model_out)
    for name in manifest["files"]:
        if name != "model.onnx":
            shutil.copyfile(os.path.join(bundle_in, name), os.path.join(bundle_out, name))
    manifest["derivedFrom"] = f"{manifest['name']} {manifest['version']} (requantize.py --scheme {scheme})"
    manifest["version"] = version
    manifest["files"] = {n: {"sha256": sha256(os.path.join(bundle_out, n)),
                             "bytes": os.path.getsize(os.path.join(bundle_out, n))} for n in manifest["files"]}
    manifest["quantization"] = describe_quantization(model_out)
    manifest["architecture"] = read_architecture(model_out)
    if "hyperparameters" in manifest:
        manifest["hyperparameters"] = training_provenance(manifest["hyperparameters"])
    manifest.get("metrics", {}).pop("test", None)
    if test_metrics:
        with open(test_metrics, encoding="utf-8") as f:
            manifest.setdefault("metrics", {})["test"] = recorded_test_metrics(json.load(f))
    with open(os.path.join(bundle_out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return manifest


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("model", help="model.onnx, or a bundle directory with --bundle")
    p.add_argument("out")
    p.add_argument("--scheme", choices=SCHEMES, required=True)
    p.add_argument("--bundle", action="store_true", help="IN and OUT are bundle directories")
    p.add_argument("--version", help="with --bundle: the re-released bundle's version")
    p.add_argument("--test-metrics", help="with --bundle: EvaluateBundle's metrics.json of the new bundle")
    args = p.parse_args(argv)
    if args.bundle:
        if not args.version:
            p.error("--bundle needs --version")
        m = rerelease(args.model, args.out, args.scheme, args.version, args.test_metrics)
        print(f"{m['name']} {m['version']}: {m['quantization']} -> {args.out}")
        return
    model, n = requantize(onnx.load(args.model), args.scheme)
    onnx.checker.check_model(model)
    onnx.save(model, args.out)
    print(f"{args.scheme}: {n} int8 weight tensors re-encoded; "
          f"{os.path.getsize(args.model) / 1e6:.1f} MB -> {os.path.getsize(args.out) / 1e6:.1f} MB -> {args.out}")


if __name__ == "__main__":
    main()
