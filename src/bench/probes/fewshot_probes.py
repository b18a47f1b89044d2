"""Issue 12's few-shot probes of 2026-12-02 (src/bench/results/discover/fewshot-probes.md), on vectors from DumpVectors.java.

/usr/bin/python3 src/bench/probes/fewshot_probes.py prompts DIR     # DIR/htl-{train,test}-{none,pre,suf}.f32
/usr/bin/python3 src/bench/probes/fewshot_probes.py heads DIR       # DIR/htl-{train,test}-none.f32
/usr/bin/python3 src/bench/probes/fewshot_probes.py selftrain S10   # shopping10 test vectors, split in halves
Prompts: DumpVectors ... htl-train-pre.f32 '这条评论的情感是：' ''  and  ... htl-train-suf.f32 '' '。总之，这条评论的态度是'.
"""
import sys
import numpy as np
from sklearn.linear_model import LogisticRegression


def load(path):
    x = np.fromfile(path, dtype='<f4').reshape(-1, 512)
    return x, np.array(open(path + '.labels', encoding='utf-8').read().split('\n')[:len(x)])


def draw(y, pool, classes, n, seed):
    r = np.random.default_rng(seed)
    return np.concatenate([r.choice(pool[y[pool] == c], n, replace=False) for c in classes])


def prototypes(x, y, classes):
    p = np.stack([x[y == c].mean(0) for c in classes])
    return p / np.linalg.norm(p, axis=1, keepdims=True)


def prompts(d):
    for name in ['none', 'pre', 'suf']:
        xtr, ytr = load(f'{d}/htl-train-{name}.f32'); xte, yte = load(f'{d}/htl-test-{name}.f32')
        classes = np.array(sorted(set(ytr))); out = {}
        for n in [16, 64]:
            lr, pr = [], []
            for seed in range(5):
                L = draw(ytr, np.arange(len(ytr)), classes, n, seed)
                lr.append((LogisticRegression(C=1.0, max_iter=2000).fit(xtr[L], ytr[L]).predict(xte) == yte).mean())
                pr.append((classes[(xte @ prototypes(xtr[L], ytr[L], classes).T).argmax(1)] == yte).mean())
            out[n] = f'LR {100*np.mean(lr):.1f}±{100*np.std(lr):.1f} proto {100*np.mean(pr):.1f}'
        out['all'] = f'{100*(LogisticRegression(C=10, max_iter=3000).fit(xtr, ytr).predict(xte) == yte).mean():.1f}'
        print(name, out)


def heads(d):
    xtr, ytr = load(f'{d}/htl-train-none.f32'); xte, yte = load(f'{d}/htl-test-none.f32')
    classes = np.array(sorted(set(ytr)))
    for n in [8, 16, 32]:
        res = {k: [] for k in ['lr', 'lr_C10', 'lr_C0.1', 'lr_std', 'proto', 'ens']}
        for seed in range(5):
            L = draw(ytr, np.arange(len(ytr)), classes, n, seed)
            pl = LogisticRegression(C=1.0, max_iter=2000).fit(xtr[L], ytr[L]).predict_proba(xte)
            res['lr'].append((classes[pl.argmax(1)] == yte).mean())
            for c in [10, 0.1]:
                res[f'lr_C{c}'].append((LogisticRegression(C=c, max_iter=2000).fit(xtr[L], ytr[L]).predict(xte) == yte).mean())
            mu, sd = xtr[L].mean(0), xtr[L].std(0) + 1e-3
            res['lr_std'].append((LogisticRegression(C=0.1, max_iter=2000).fit((xtr[L]-mu)/sd, ytr[L]).predict((xte-mu)/sd) == yte).mean())
            s = 20 * (xte @ prototypes(xtr[L], ytr[L], classes).T)
            pp = np.exp(s - s.max(1, keepdims=True)); pp /= pp.sum(1, keepdims=True)
            res['proto'].append((classes[pp.argmax(1)] == yte).mean())
            res['ens'].append((classes[(pl + pp).argmax(1)] == yte).mean())
        print(n, {k: f'{100*np.mean(v):.1f}±{100*np.std(v):.1f}' for k, v in res.items()})


def selftrain(path):
    x, y = load(path)
    idx = np.random.default_rng(0).permutation(len(x)); a, b = idx[:len(x)//2], idx[len(x)//2:]
    classes = sorted(set(y)); res = {}
    for name, rounds, frac in [('none', 0, 0), ('1x20%', 1, 0.2), ('3x10%', 3, 0.1), ('5x10%', 5, 0.1), ('3x33%', 3, 0.33)]:
        acc = []
        for seed in range(5):
            L = draw(y, a, classes, 16, seed)
            m = LogisticRegression(C=10, max_iter=2000).fit(x[L], y[L]); pool = np.setdiff1d(a, L)
            for r in range(rounds):
                p = m.predict_proba(x[pool]); pred = m.classes_[p.argmax(1)]; conf = p.max(1)
                per = int(len(pool) * frac * (r + 1) / len(classes))
                chosen = np.concatenate([np.where(pred == c)[0][np.argsort(-conf[pred == c])][:per] for c in classes])
                w = np.concatenate([np.ones(len(L)), np.full(len(chosen), 0.5)])
                m = LogisticRegression(C=10, max_iter=2000).fit(np.vstack([x[L], x[pool[chosen]]]),
                                                                np.concatenate([y[L], pred[chosen]]), sample_weight=w)
            acc.append((m.predict(x[b]) == y[b]).mean())
        res[name] = f'{100*np.mean(acc):.1f} ± {100*np.std(acc):.1f}'
    print(res)


if __name__ == '__main__':
    {'prompts': prompts, 'heads': heads, 'selftrain': selftrain}[sys.argv[1]](sys.argv[2])
