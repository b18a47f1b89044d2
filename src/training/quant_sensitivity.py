"""Which parts of the int8 model cost accuracy? Simulates quantize.py's int8 in PyTorch (fake
quantization: round to the int8 grid, compute in fp32) one part at a time and reports, against the
fp32 model on a sample of val texts, the label agreement and the mean squared logit error.

    /usr/bin/python3 quant_sensitivity.py RUN/best.pt CALIB.jsonl VAL.jsonl [--texts 300]

This is how the FFN output projections were found to carry most of the error (and so stay fp16).
The simulation ignores ORT's kernels' own rounding; CompareBundles measures the real files.
"""
import argparse
import copy
import random
import re

import torch

from data import length_sorted_batches, pad_batch, read_ids
from export import load_checkpoint
from quantize import FFN_OUTPUT, activation_qparams, calibrate


def fake_quant_uint8(x, lo, hi):
    scale, zero = activation_qparams(lo, hi)
    scale, zero = float(scale), int(zero)
    return (torch.clamp(torch.round(x / scale) + zero, 0, 255) - zero) * scale


def fake_quant_weight(w):
    """int8 symmetric, one scale per output channel (nn.Linear weight is [out, in])."""
    scale = w.abs().max(dim=1).values / 127
    scale[scale == 0] = 1
    return torch.clamp(torch.round(w / scale[:, None]), -127, 127) * scale[:, None]


def simulate(model, ranges, float_weights="", float_inputs="", embeddings=True):
    m = copy.deepcopy(model)
    for name, module in m.named_modules():
        if isinstance(module, torch.nn.Linear) and name.startswith("bert."):
            if not (float_weights and re.search(float_weights, name)):
                module.weight.data = fake_quant_weight(module.weight.data)
            if not (float_inputs and re.search(float_inputs, name)):
                lo, hi = ranges[name]
                module.register_forward_pre_hook(lambda mod, inp, lo=lo, hi=hi: (fake_quant_uint8(inp[0], lo, hi),))
        elif isinstance(module, torch.nn.Embedding) and embeddings:
            t = module.weight.data
            module.weight.data = fake_quant_uint8(t, float(t.min()), float(t.max()))
    return m


def logits(model, seqs):
    out = torch.zeros(len(seqs), model.config.num_labels)
    with torch.no_grad():
        for idx in length_sorted_batches(len(seqs), [len(s) for s in seqs], 16):
            out[idx] = model(*pad_batch([seqs[i] for i in idx]))
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint")
    p.add_argument("calibration")
    p.add_argument("val")
    p.add_argument("--texts", type=int, default=300)
    p.add_argument("--seed", type=int, default=1337)
    args = p.parse_args(argv)
    model, _ = load_checkpoint(args.checkpoint)
    _, _, calib = read_ids(args.calibration)
    random.Random(args.seed).shuffle(calib)
    _, _, val = read_ids(args.val)
    random.Random(args.seed + 1).shuffle(val)
    val = val[:args.texts]
    ranges = calibrate(model, calib[:512])
    reference = logits(model, val)
    attention_out = r"attention\.output\.dense$"
    variants = [
        ("everything int8 (quantize.py before)", {}),
        ("embeddings fp32", {"embeddings": False}),
        ("FFN output: weights fp32", {"float_weights": FFN_OUTPUT}),
        ("FFN output: inputs fp32", {"float_inputs": FFN_OUTPUT}),
        ("FFN output: weights and inputs fp32 (quantize.py now)", {"float_weights": FFN_OUTPUT, "float_inputs": FFN_OUTPUT}),
        ("attention output: weights fp32", {"float_weights": attention_out}),
        ("all weights fp32", {"float_weights": "."}),
        ("all linear inputs fp32", {"float_inputs": "."}),
    ]
    print(f"{len(val)} val texts; fp32 reference")
    for name, options in variants:
        out = logits(simulate(model, ranges, **options), val)
        agreement = (out.argmax(-1) == reference.argmax(-1)).float().mean().item()
        mse = ((out - reference) ** 2).mean().item()
        print(f"{name:55s} agreement {agreement:.4f}  logit MSE {mse:.5f}", flush=True)


if __name__ == "__main__":
    main()
