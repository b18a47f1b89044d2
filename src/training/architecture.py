"""The encoder architecture of an exported model, read from its ONNX graph, not from flags.

    /usr/bin/python3 architecture.py MODEL.onnx      # prints the JSON that bundle.py records

A bundle's manifest states what its model.onnx really holds (BundleArchitectureTest checks it), so
the trainer's --hidden/--layers defaults for random tiny encoders can never be mistaken for the
bge-small-zh encoder a bundle was fine-tuned from.
"""
import json
import re
import sys

import onnx
from onnx import numpy_helper

LAYER = re.compile(r"^bert\.encoder\.layer\.(\d+)\.")


def _dims(inits, prefix):
    """Shape of the initializer named prefix, or of its int8/uint8 copy (prefix + '_quantized'), or fp16."""
    for name in (prefix, prefix + "_quantized", prefix + "_fp16"):
        if name in inits:
            return list(inits[name].dims)
    raise ValueError(f"the graph has no initializer {prefix}")


def _heads(graph, hidden):
    """Heads from the Reshape that splits the query projection into [batch, seq, heads, head size]."""
    produced = {o: n for n in graph.node for o in n.output}
    query_add = [n for n in graph.node if n.op_type == "Add"
                 and "bert.encoder.layer.0.attention.self.query.bias" in n.input]
    for add in query_add:
        for reshape in (n for n in graph.node if n.op_type == "Reshape" and n.input[0] == add.output[0]):
            shape = produced.get(reshape.input[1])
            if shape is None or shape.op_type != "Concat":
                continue
            constants = []
            for i in shape.input:
                p = produced.get(i)
                if p is not None and p.op_type == "Constant":
                    constants += numpy_helper.to_array(p.attribute[0].t).reshape(-1).tolist()
            if len(constants) == 2 and constants[0] * constants[1] == hidden:
                return int(constants[0])
    raise ValueError("cannot find the query Reshape [batch, seq, heads, head size] in the graph")


def read_architecture(model_path):
    graph = onnx.load(model_path, load_external_data=False).graph
    inits = {i.name: i for i in graph.initializer}
    layers = {int(m.group(1)) for name in inits for m in [LAYER.match(name)] if m}
    hidden = _dims(inits, "bert.encoder.layer.0.attention.self.query.bias")[0]
    vocab, width = _dims(inits, "bert.embeddings.word_embeddings.weight")
    if width != hidden:
        raise ValueError(f"word embeddings are {width} wide but the encoder {hidden}")
    return {
        "encoder": "bert",
        "layers": len(layers),
        "hidden": hidden,
        "heads": _heads(graph, hidden),
        "intermediate": _dims(inits, "bert.encoder.layer.0.intermediate.dense.bias")[0],
        "vocab": vocab,
        "maxPositions": _dims(inits, "bert.embeddings.position_embeddings.weight")[0],
        "labels": _dims(inits, "classifier.bias")[0],
    }


if __name__ == "__main__":
    print(json.dumps(read_architecture(sys.argv[1])))
