"""Issue 12 probe (2026-12-03): a few-shot embedding head taught by a bag-of-words view over the unlabeled texts.

n labelled examples per label (5 seeded draws) train two views: logistic regression on the encoder's [CLS] vectors
(what `make fewshot` serves) and char 1-3-gram TF-IDF + logistic regression. Each view, or both averaged, then labels
EVERY unlabeled pool text (no confidence selection: selecting the most confident texts per class drifted toward the
encoder's own topics, fewshot-probes.md), and a new embedding head is fitted on the examples plus those pseudo-labels.
The served model stays an embedding head; the TF-IDF view only teaches it.

/usr/bin/python3 src/bench/probes/fewshot_cross_view_probe.py halves VEC.f32 CSV 4,8,16
    the CSV (label,text; VEC from DumpVectors.java on it) split in two seeded halves: draws and pool from A, scored on B
/usr/bin/python3 src/bench/probes/fewshot_cross_view_probe.py split TRAIN.f32 TRAIN.csv TEST.f32 TEST.csv 4,8,16
    draws and pool from train (labels unused for the pool), scored on test
"""
import csv
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def load(vectors, table):
    x = np.fromfile(vectors, dtype='<f4').reshape(-1, 512)
    rows = list(csv.reader(open(table, encoding='utf-8')))[1:]
    assert len(rows) == len(x), (vectors, table)
    return x, [r[1] for r in rows], np.array([r[0] for r in rows])


def run(x, texts, y, draw_from, scored, ns):
    classes = np.array(sorted(set(y)))
    tfidf = TfidfVectorizer(analyzer='char', ngram_range=(1, 3), sublinear_tf=True, min_df=2)
    tfidf.fit([texts[i] for i in draw_from])
    t = tfidf.transform(texts)
    for n in ns:
        acc = {k: [] for k in ['embedding head', 'tfidf', 'views averaged', 'head on own labels', 'head on tfidf labels',
                               'head on averaged labels']}
        for seed in range(5):
            r = np.random.default_rng(seed)
            # a label with fewer texts than n gives all but one of them
            chosen = np.concatenate([r.choice(draw_from[y[draw_from] == c], min(n, (y[draw_from] == c).sum() - 1), replace=False)
                                     for c in classes])
            pool = np.setdiff1d(draw_from, chosen)
            emb = LogisticRegression(C=1, max_iter=2000).fit(x[chosen], y[chosen])
            bow = LogisticRegression(C=10, max_iter=2000).fit(t[chosen], y[chosen])
            acc['embedding head'].append((emb.predict(x[scored]) == y[scored]).mean())
            acc['tfidf'].append((bow.predict(t[scored]) == y[scored]).mean())
            averaged = emb.predict_proba(x[scored]) + bow.predict_proba(t[scored])
            acc['views averaged'].append((classes[averaged.argmax(1)] == y[scored]).mean())
            p_emb, p_bow = emb.predict_proba(x[pool]), bow.predict_proba(t[pool])
            for name, p in [('head on own labels', p_emb), ('head on tfidf labels', p_bow), ('head on averaged labels', p_emb + p_bow)]:
                head = LogisticRegression(C=1, max_iter=2000).fit(np.vstack([x[chosen], x[pool]]),
                                                                  np.concatenate([y[chosen], classes[p.argmax(1)]]))
                acc[name].append((head.predict(x[scored]) == y[scored]).mean())
        print(f"n={n}: " + ", ".join(f"{k} {100 * np.mean(v):.1f} ± {100 * np.std(v):.1f}" for k, v in acc.items()), flush=True)


if __name__ == '__main__':
    if sys.argv[1] == 'halves':
        x, texts, y = load(sys.argv[2], sys.argv[3])
        idx = np.random.default_rng(0).permutation(len(x))
        run(x, texts, y, np.sort(idx[:len(x) // 2]), np.sort(idx[len(x) // 2:]), [int(v) for v in sys.argv[4].split(',')])
    else:
        xa, ta, ya = load(sys.argv[2], sys.argv[3])
        xb, tb, yb = load(sys.argv[4], sys.argv[5])
        run(np.vstack([xa, xb]), ta + tb, np.concatenate([ya, yb]), np.arange(len(xa)), np.arange(len(xa), len(xa) + len(xb)),
            [int(v) for v in sys.argv[6].split(',')])
