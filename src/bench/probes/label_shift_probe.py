"""Issue 12's label-shift probe (2026-12-02 evening; src/bench/results/discover/fewshot-probes.md): how much of the
few-shot gap is the class balance, and can the unlabeled texts tell it?

A few-shot classifier learns from balanced examples (n per label), but htl is 68.5% positive and shopping10's
categories range from 1% to 20%. Each draw fits logistic regression (C = 1, as fewshot) on n examples per label and
shifts its per-label biases until its predicted shares on the rest of train (labels unused) match a target:
  match-true  the test split's true shares (an oracle: how much the balance is worth)
  em          shares estimated by EM on the pool's posteriors (Saerens et al. 2002), posteriors sharpened first
  bbse        shares estimated from a 4-fold confusion matrix of the n examples (Lipton et al. 2018)

  make pipeline-jar; for s in htl/train htl/test shopping10/train shopping10/test; do
    java -cp 'src/pipeline/target/sift-pipeline.jar:src/pipeline/target/lib/*' src/bench/probes/DumpVectors.java \
      ../shared/data/$s.csv text label DIR/$(echo $s | sed 's/shopping10/s10/; s|/|-|')-none.f32; done
  /usr/bin/python3 src/bench/probes/label_shift_probe.py DIR
"""
import sys
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from fewshot_probes import draw, load  # the same vectors and the same seeded draws


def softmax(z):
    z = z - z.max(1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(1, keepdims=True)


def match_shares(scores_pool, target, iters=200):
    """Per-label biases that make the pool's (soft) predicted shares equal target."""
    b = np.zeros(scores_pool.shape[1])
    for _ in range(iters):
        b += np.log(target + 1e-9) - np.log(softmax(scores_pool + b).mean(0) + 1e-9)
    return b


def em_shares(p, iters=200):
    k = p.shape[1]
    pi = np.full(k, 1 / k)
    for _ in range(iters):
        q = p * pi * k
        pi = (q / q.sum(1, keepdims=True)).mean(0)
    return pi


def bbse_shares(x, y, classes, pool_pred):
    k = len(classes)
    joint = np.zeros((k, k))
    for tr, va in StratifiedKFold(4, shuffle=True, random_state=0).split(x, y):
        pred = LogisticRegression(C=1.0, max_iter=3000).fit(x[tr], y[tr]).predict(x[va])
        np.add.at(joint, (np.searchsorted(classes, pred), np.searchsorted(classes, y[va])), 1)
    w = np.clip(np.linalg.lstsq(joint / joint.sum(), np.bincount(pool_pred, minlength=k) / len(pool_pred), rcond=None)[0], 0, None)
    return np.maximum(w / w.sum(), 1e-3)


def scores(clf, x):
    s = clf.decision_function(x)
    return np.stack([-s / 2, s / 2], 1) if s.ndim == 1 else s


def probe(prefix, sizes, seeds=5, sharpen=10):
    xtr, ytr = load(f'{prefix}-train-none.f32')
    xte, yte = load(f'{prefix}-test-none.f32')
    classes = np.array(sorted(set(ytr)))
    true = np.array([(yte == c).mean() for c in classes])
    for n in sizes:
        acc = {k: [] for k in ['lr', 'match-true', 'em', 'bbse']}
        for seed in range(seeds):
            labelled = draw(ytr, np.arange(len(ytr)), classes, n, seed)
            pool = np.setdiff1d(np.arange(len(ytr)), labelled)
            clf = LogisticRegression(C=1.0, max_iter=3000).fit(xtr[labelled], ytr[labelled])
            ste, spool = scores(clf, xte) * sharpen, scores(clf, xtr[pool]) * sharpen
            targets = {'lr': None, 'match-true': true, 'em': em_shares(softmax(spool)),
                       'bbse': bbse_shares(xtr[labelled], ytr[labelled], classes, spool.argmax(1))}
            for name, target in targets.items():
                bias = 0 if target is None else match_shares(spool, target)
                acc[name].append((classes[(ste + bias).argmax(1)] == yte).mean())
        print(prefix.split('/')[-1], n, {k: f'{100 * np.mean(v):.1f} ± {100 * np.std(v):.1f}' for k, v in acc.items()}, flush=True)


if __name__ == '__main__':
    probe(f'{sys.argv[1]}/htl', [16, 64])
    probe(f'{sys.argv[1]}/s10', [16, 64])
