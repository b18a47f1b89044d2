"""Would a fused bundle help? Adds the TF-IDF baseline's log-probabilities, weighted by alpha, to the
fine-tuned model's (fp32 PyTorch), alpha chosen on val; reports val and test accuracy per alpha.

    /usr/bin/python3 fusion_probe.py RUN/best.pt IDS_DIR DATA_DIR [--c 64]

IDS_DIR holds val.jsonl and test.jsonl from TokenizeDataset for DATA_DIR's val.csv and test.csv.
A probe, not a product: it answers whether building transformer + n-gram logits into one graph
is worth it (src/bench/results/fusion-probe-htl.txt).
"""
import argparse
import csv
import os

import numpy as np
import torch
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from data import length_sorted_batches, pad_batch, read_ids
from export import load_checkpoint


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def log_probs(model, path):
    _, labels, seqs = read_ids(path)
    out = torch.zeros(len(seqs), model.config.num_labels)
    with torch.no_grad():
        for idx in length_sorted_batches(len(seqs), [len(s) for s in seqs], 32):
            out[idx] = model(*pad_batch([seqs[i] for i in idx]))
    return torch.log_softmax(out, -1).numpy(), labels


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint")
    p.add_argument("ids")
    p.add_argument("data")
    p.add_argument("--c", type=float, default=64, help="the baseline's C (make baseline chooses it on val)")
    args = p.parse_args(argv)
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = (read_csv(os.path.join(args.data, f"{s}.csv"))
                                                            for s in ("train", "val", "test"))
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
    clf = LogisticRegression(C=args.c, max_iter=2000).fit(vectorizer.fit_transform(x_train), y_train)
    model, checkpoint = load_checkpoint(args.checkpoint)
    if list(clf.classes_) != checkpoint["labels"]:
        raise ValueError(f"label order differs: {list(clf.classes_)} vs {checkpoint['labels']}")
    splits = {}
    for name, texts, gold in (("val", x_val, y_val), ("test", x_test, y_test)):
        transformer, labels = log_probs(model, os.path.join(args.ids, f"{name}.jsonl"))
        if labels != gold:
            raise ValueError(f"{name}: ids and CSV rows differ")
        splits[name] = (transformer, clf.predict_log_proba(vectorizer.transform(texts)),
                        np.array([checkpoint["labels"].index(g) for g in gold]))

    def accuracy(split, alpha):
        transformer, ngram, gold = splits[split]
        return float(((transformer + alpha * ngram).argmax(1) == gold).mean())

    print(f"transformer alone: val {accuracy('val', 0):.4f} test {accuracy('test', 0):.4f}; "
          f"tf-idf alone: val {float((splits['val'][1].argmax(1) == splits['val'][2]).mean()):.4f} "
          f"test {float((splits['test'][1].argmax(1) == splits['test'][2]).mean()):.4f}")
    alphas = [round(a, 2) for a in np.linspace(0, 2, 21)]
    for a in alphas:
        print(f"alpha {a:.1f}: val {accuracy('val', a):.4f} test {accuracy('test', a):.4f}")
    best = max(alphas, key=lambda a: (accuracy("val", a), -a))
    print(f"alpha chosen on val: {best:.1f} -> test {accuracy('test', best):.4f} "
          f"(transformer alone {accuracy('test', 0):.4f})")


if __name__ == "__main__":
    main()
