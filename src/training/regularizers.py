"""Fine-tuning regularizers that train.py offers as options (issue 11, item 3); each is off by default
and kept in a recipe only where it helps on val (src/training/README.md, *Regularizers*).

- layer-wise learning-rate decay (--llrd): layer l of L gets lr * decay^(L - l), the embeddings
  lr * decay^L, the head its own rate: lower layers hold general features worth changing less;
- multi-sample dropout (--multi-sample-dropout K): K dropout masks over the [CLS] vector through
  the one head, the loss averaged over them (Inoue 2019): a cheaper, steadier dropout on the head;
- R-Drop (--rdrop ALPHA): two forward passes with different dropout, the loss plus ALPHA times the
  symmetric KL divergence between their predictions (Liang et al. 2021);
- FGM (--fgm EPSILON): adversarial training on the word embeddings: after the backward pass, the
  embedding table moves by EPSILON along its normalised gradient, a second loss is added from there,
  and the table is restored (Miyato et al. 2017).
"""
import re

import torch
import torch.nn.functional as F

LAYER = re.compile(r"^bert\.encoder\.layer\.(\d+)\.")


def depth(name, layers):
    """0 for the embeddings, l + 1 for encoder layer l, layers + 1 for the head."""
    if name.startswith("classifier."):
        return layers + 1
    match = LAYER.match(name)
    return int(match.group(1)) + 1 if match else 0


def parameter_groups(model, lr, head_lr, weight_decay, llrd=1.0):
    """AdamW groups: per depth, weights with decay and biases/LayerNorm without; with llrd < 1 each
    depth's rate shrinks geometrically below the top layer. llrd 1 gives every encoder weight lr."""
    layers = model.config.num_hidden_layers
    groups = {}
    for name, p in model.named_parameters():
        d = depth(name, layers)
        rate = (head_lr or lr) if d == layers + 1 else lr * llrd ** (layers - d)
        # the head's biases decay as today (one head group); elsewhere biases and LayerNorm do not
        decays = p.dim() >= 2 or d == layers + 1
        key = (d, decays)
        if key not in groups:
            name = "embeddings" if d == 0 else "head" if d == layers + 1 else f"layer.{d - 1}"
            groups[key] = {"params": [], "lr": rate, "weight_decay": weight_decay if decays else 0.0, "name": name}
        groups[key]["params"].append(p)
    return [groups[k] for k in sorted(groups)]


def multi_sample_logits(model, inputs, samples):
    """Logits of `samples` dropout masks over one [CLS] vector (the encoder runs once)."""
    cls = model.cls_vector(*inputs)
    return [model.classifier(model.dropout(cls)).float() for _ in range(samples)]


def symmetric_kl(logits_a, logits_b):
    """Mean over the batch of KL(p_a||p_b) + KL(p_b||p_a), halved: R-Drop's consistency term."""
    log_a, log_b = F.log_softmax(logits_a, -1), F.log_softmax(logits_b, -1)
    kl_ab = F.kl_div(log_b, log_a, log_target=True, reduction="batchmean")
    kl_ba = F.kl_div(log_a, log_b, log_target=True, reduction="batchmean")
    return (kl_ab + kl_ba) / 2


class WordEmbeddingAttack:
    """FGM on the word-embedding table: attack() after a backward pass, restore() after the adversarial one."""

    def __init__(self, model, epsilon):
        self.weight = model.bert.embeddings.word_embeddings.weight
        self.epsilon = epsilon
        self.saved = None

    @torch.no_grad()
    def attack(self):
        grad = self.weight.grad
        if grad is None:
            return False
        norm = torch.linalg.vector_norm(grad.float())
        if not torch.isfinite(norm) or norm == 0:
            return False  # an fp16 overflow step or no signal: no attack this step
        self.saved = self.weight.detach().clone()
        self.weight.add_(self.epsilon * grad / norm)
        return True

    @torch.no_grad()
    def restore(self):
        if self.saved is not None:
            self.weight.copy_(self.saved)
            self.saved = None
