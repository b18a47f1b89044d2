"""Initial weights: dequantize the int8 bge-small-zh ONNX into a BertModel state dict.

No fp32 Chinese checkpoint is reachable from here, but the int8 encoder that serving ships is.
How its graph stores each parameter (checked on bge-small-zh-v1.5-q.onnx from langchain4j):

  linear weights   int8, symmetric, one scale per output channel, stored [in, out]; reached by
                   MatMulInteger(x_q, W_q, x_zp, W_zp) -> Cast -> Mul(x_scale * W_scale) -> Add(<name>.bias)
  embedding tables uint8 with one scale and zero point, behind Gather -> DequantizeLinear
  LayerNorm        fp32 initializers under their Hugging Face names

The model config (hidden size, layers, heads, intermediate size, vocabulary, positions) is read
from the same graph. Any parameter of the model that the graph does not supply is an error.

    /usr/bin/python3 onnx_init.py target/bge-small-zh/bge-small-zh-v1.5-q.onnx   # prints config + coverage
"""
import re
import sys
from collections import defaultdict

import numpy as np
import onnx
from onnx import numpy_helper

from model import BertConfig


class OnnxGraph:
    def __init__(self, path):
        self.model = onnx.load(path)
        g = self.model.graph
        self.init = {i.name: i for i in g.initializer}
        self.producer = {}
        self.consumers = defaultdict(list)
        for node in g.node:
            for out in node.output:
                self.producer[out] = node
            for inp in node.input:
                self.consumers[inp].append(node)

    def array(self, name):
        return numpy_helper.to_array(self.init[name])

    def only_consumer(self, tensor, op_type):
        nodes = [n for n in self.consumers[tensor] if n.op_type == op_type]
        if len(nodes) != 1:
            raise ValueError(f"expected one {op_type} reading {tensor}, found {[n.op_type for n in self.consumers[tensor]]}")
        return nodes[0]

    def constant(self, name):
        if name in self.init:
            return self.array(name)
        node = self.producer[name]
        if node.op_type != "Constant":
            raise ValueError(f"{name} is not a constant")
        return numpy_helper.to_array(node.attribute[0].t)


def _linear(graph, matmul):
    """(param name, weight [out, in] fp32, bias) for one MatMulInteger, following Cast -> Mul -> Add."""
    x_q, w_q_name, _, w_zp_name = matmul.input
    w_q = graph.array(w_q_name).astype(np.float32)
    w_zp = graph.array(w_zp_name)
    if np.any(w_zp != 0):
        raise ValueError(f"{w_q_name}: expected symmetric weights (zero point 0)")
    cast = graph.only_consumer(matmul.output[0], "Cast")
    mul = graph.only_consumer(cast.output[0], "Mul")
    scales_mul = graph.producer[[i for i in mul.input if i != cast.output[0]][0]]  # x_scale * W_scale
    w_scale = [graph.array(i) for i in scales_mul.input if i in graph.init]
    if len(w_scale) != 1 or w_scale[0].shape != (w_q.shape[1],):
        raise ValueError(f"{w_q_name}: expected one per-output-channel scale of shape [{w_q.shape[1]}]")
    add = graph.only_consumer(mul.output[0], "Add")
    bias_names = [i for i in add.input if i in graph.init and i.endswith(".bias")]
    if len(bias_names) != 1:
        raise ValueError(f"{w_q_name}: the Add after it has no '<name>.bias' initializer: {list(add.input)}")
    name = bias_names[0][: -len(".bias")]
    weight = (w_q * w_scale[0][None, :]).T  # [in, out] -> nn.Linear's [out, in]
    return name, np.ascontiguousarray(weight), graph.array(bias_names[0])


def _embedding(graph, gather):
    table_name = gather.input[0]
    dq = graph.only_consumer(gather.output[0], "DequantizeLinear")
    scale, zero = graph.array(dq.input[1]), graph.array(dq.input[2])
    table = graph.array(table_name)
    if not table_name.endswith(".weight_quantized"):
        raise ValueError(f"unexpected embedding table name {table_name}")
    name = table_name[: -len("_quantized")]
    return name, ((table.astype(np.float32) - zero.astype(np.float32)) * scale).astype(np.float32)


def _heads(graph, hidden):
    """Heads from the attention Reshape's constant shape [batch, seq, heads, head_size]."""
    for node in graph.model.graph.node:
        if node.op_type == "Reshape" and "/attention/self/" in node.name:
            concat = graph.producer[node.input[1]]
            dims = [int(graph.constant(i).reshape(-1)[0]) for i in concat.input[2:]
                    if i in graph.init or graph.producer[i].op_type == "Constant"]
            if len(dims) == 2 and dims[0] * dims[1] == hidden:
                return dims[0]
    raise ValueError("cannot find the number of attention heads in the graph")


def load_bert_weights(path):
    """Returns (BertConfig, {name: np.float32 array}) with names relative to BertModel (embeddings.*, encoder.*)."""
    graph = OnnxGraph(path)
    state = {}
    for node in graph.model.graph.node:
        if node.op_type == "MatMulInteger" and node.input[1] in graph.init:
            name, weight, bias = _linear(graph, node)
            state[name + ".weight"], state[name + ".bias"] = weight, bias
        elif node.op_type == "Gather" and node.input[0] in graph.init:
            name, table = _embedding(graph, node)
            state[name] = table
    for name in graph.init:
        if "LayerNorm" in name:
            state[name] = graph.array(name).astype(np.float32)
    hidden = state["embeddings.word_embeddings.weight"].shape[1]
    layers = 1 + max(int(m.group(1)) for m in (re.match(r"encoder\.layer\.(\d+)\.", n) for n in state) if m)
    cfg = BertConfig(
        vocab_size=state["embeddings.word_embeddings.weight"].shape[0],
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=_heads(graph, hidden),
        intermediate_size=state["encoder.layer.0.intermediate.dense.weight"].shape[0],
        max_position_embeddings=state["embeddings.position_embeddings.weight"].shape[0],
        type_vocab_size=state["embeddings.token_type_embeddings.weight"].shape[0],
    )
    return cfg, state


def init_from_onnx(model, path):
    """Copies the dequantized encoder into model.bert; raises if any encoder parameter is missing or mis-shaped."""
    import torch
    _, state = load_bert_weights(path)
    expected = model.bert.state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    if missing or unexpected:
        raise ValueError(f"{path}: parameters not found in the graph {missing}; not in the model {unexpected}")
    for name, tensor in expected.items():
        if tuple(tensor.shape) != state[name].shape:
            raise ValueError(f"{name}: model has {tuple(tensor.shape)}, graph has {state[name].shape}")
    model.bert.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in state.items()}, strict=True)
    return model


if __name__ == "__main__":
    cfg, state = load_bert_weights(sys.argv[1])
    print(cfg)
    print(f"{len(state)} tensors, {sum(v.size for v in state.values()):,} parameters")
