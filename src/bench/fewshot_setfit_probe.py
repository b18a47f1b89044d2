"""Probe for issue 12: does fine-tuning the encoder on the few examples (SetFit) beat the frozen one?

    make pipeline-jar
    java -cp 'src/pipeline/target/sift-pipeline.jar:src/pipeline/target/lib/*' dev.sift.pipeline.TokenizeDataset \
        target/bge-small-zh/bge-small-zh-v1.5-q-tokenizer.json target/setfit/htl --max-length 128 \
        ../shared/data/htl/train.csv ../shared/data/htl/val.csv ../shared/data/htl/test.csv
    /usr/bin/python3 src/bench/fewshot_setfit_probe.py target/setfit/htl 16 0 pairs 10 2e-5

Draws n examples per label from train (seed 1000 + draw, as FewShotCurve), then
  none    scores the frozen encoder: logistic regression (C=1) and prototypes on L2-normalised [CLS]
  pairs   SetFit: each epoch, one same-label and one other-label partner per example, loss = MSE of
          the pair's cosine against 1 / 0, AdamW on the encoder; then the same two heads
  supcon  supervised contrastive loss (tau 0.05) over two dropout views of each batch
and prints test accuracy (fp32 PyTorch, texts cut to the ids' max length; not the served int8 figure).
A probe, not part of the product: results in src/bench/results/discover/fewshot-probes.md.
"""
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "training"))
from data import length_sorted_batches, pad_batch, read_ids  # noqa: E402
from train import build_model  # noqa: E402

ENCODER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "bge-small-zh",
                       "bge-small-zh-v1.5-q.onnx")


class InitArgs:
    init = ENCODER
    dropout = 0.1


def draw(train_labels, labels, n, seed):
    rng = random.Random(1000 + seed)
    chosen = []
    for label in labels:
        rows = [i for i, y in enumerate(train_labels) if y == label]
        rng.shuffle(rows)
        chosen += rows[:n]
    return chosen, rng


def main():
    ids_dir, n, seed, method, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
    lr = float(sys.argv[6]) if len(sys.argv) > 6 else 2e-5
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))
    torch.manual_seed(seed)
    _, train_labels, train_ids = read_ids(os.path.join(ids_dir, "train.jsonl"))
    _, test_labels, test_ids = read_ids(os.path.join(ids_dir, "test.jsonl"))
    labels = sorted(set(train_labels))
    chosen, rng = draw(train_labels, labels, n, seed)
    examples = [train_ids[i] for i in chosen]
    targets = np.array([labels.index(train_labels[i]) for i in chosen])
    gold = np.array([labels.index(y) for y in test_labels])
    model = build_model(InitArgs(), len(labels))

    def embed(seqs):
        ids, mask, types = pad_batch(seqs)
        return F.normalize(model.cls_vector(ids, mask, types), dim=-1)

    def embed_all(seqs):
        model.eval()
        out = np.zeros((len(seqs), model.config.hidden_size), np.float32)
        with torch.no_grad():
            for batch in length_sorted_batches(len(seqs), [len(s) for s in seqs], 64):
                out[batch] = embed([seqs[i] for i in batch]).numpy()
        return out

    def score():
        e, t = embed_all(examples), embed_all(test_ids)
        regression = LogisticRegression(C=1, max_iter=3000).fit(e, targets)
        centres = np.stack([e[targets == k].mean(0) for k in range(len(labels))])
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        return (regression.predict(t) == gold).mean(), (np.argmax(t @ centres.T, 1) == gold).mean()

    start = time.time()
    if method != "none":
        optimiser = torch.optim.AdamW(model.bert.parameters(), lr=lr, weight_decay=0.01)
        size = len(examples)
        batch_size = min(32, size)
        for epoch in range(epochs):
            model.train()
            order = list(range(size))
            rng.shuffle(order)
            for s in range(0, size, batch_size):
                batch = order[s:s + batch_size]
                if method == "supcon":
                    z = torch.cat([embed([examples[i] for i in batch]), embed([examples[i] for i in batch])])
                    y = torch.tensor(np.concatenate([targets[batch], targets[batch]]))
                    eye = torch.eye(len(z), dtype=torch.bool)
                    sim = (z @ z.T / 0.05).masked_fill(eye, -1e9)
                    positive = (y[:, None] == y[None, :]) & ~eye
                    log_p = sim - torch.logsumexp(sim, 1, keepdim=True)
                    loss = (-(log_p * positive).sum(1) / positive.sum(1).clamp(min=1)).mean()
                elif method == "pairs":
                    left, right, want = [], [], []
                    for i in batch:
                        same = [j for j in range(size) if targets[j] == targets[i] and j != i]
                        other = [j for j in range(size) if targets[j] != targets[i]]
                        left += [i, i]
                        right += [rng.choice(same), rng.choice(other)]
                        want += [1.0, 0.0]
                    cosine = (embed([examples[i] for i in left]) * embed([examples[i] for i in right])).sum(-1)
                    loss = F.mse_loss(cosine, torch.tensor(want))
                else:
                    raise SystemExit(f"unknown method {method}: none, pairs or supcon")
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
            print(f"epoch {epoch} loss {loss.item():.4f} {time.time() - start:.0f}s", flush=True)
    regression, prototypes = score()
    print(f"{os.path.basename(ids_dir)} n={n} draw={seed} {method} epochs={epochs} lr={lr}: "
          f"regression {regression:.4f} prototypes {prototypes:.4f} ({time.time() - start:.0f}s)", flush=True)


if __name__ == "__main__":
    main()
