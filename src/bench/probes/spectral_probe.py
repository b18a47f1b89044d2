"""Issue 12's design check for discover's spectral clustering (src/bench/results/discover/spectral.md).

Usage: /usr/bin/python3 src/bench/probes/spectral_probe.py VECTORS.f32
VECTORS.f32: the texts' unit [CLS] vectors as little-endian float32, 512 per text (SentenceEmbedder, 256
tokens, as discover embeds); VECTORS.f32.labels: one known label per line. For each neighbour count it
compares NJW (rows scaled to unit length) with scikit-learn's scaling (D^-1/2) and with scikit-learn's
SpectralClustering, and subspace iteration at several widths and iteration counts with the exact
eigenvectors (numpy's eigh: minutes, it is dense).
"""
import numpy as np, sys, time
from sklearn.cluster import KMeans, SpectralClustering
from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari
X = np.fromfile(sys.argv[1], dtype='<f4').reshape(-1,512)
y = open(sys.argv[1] + '.labels').read().split('\n')[:len(X)]
n=len(X); K=10
S = X @ X.T
def graph(nn):
    np.fill_diagonal(S, -np.inf)
    idx = np.argpartition(-S, nn, axis=1)[:, :nn]
    A = np.zeros((n,n), dtype=np.float64)
    A[np.repeat(np.arange(n), nn), idx.ravel()] = 1
    A = 0.5*(A+A.T)
    return A
for nn in [10, 15]:
    A = graph(nn)
    d = A.sum(1); dd = np.sqrt(d)
    M = A / dd[:,None] / dd[None,:]
    # exact
    w, V = np.linalg.eigh(M)
    print('nn', nn, 'top eigenvalues', np.round(w[-14:][::-1], 4))
    for p in [K, K+5, 2*K]:
      for iters in [50, 200, 1000]:
        rng = np.random.default_rng(0)
        Q = np.linalg.qr(rng.standard_normal((n, p)))[0]
        Ms = (M + np.eye(n))/2
        for it in range(iters):
            Q = np.linalg.qr(Ms @ Q)[0]
        T = Q.T @ Ms @ Q
        ww, U = np.linalg.eigh(T)
        E = (Q @ U)[:, ::-1][:, :K]
        for norm in ['dd', 'row']:
            Z = E / dd[:,None] if norm=='dd' else E / np.linalg.norm(E,axis=1,keepdims=True)
            lab = KMeans(K, n_init=10, random_state=0).fit_predict(Z)
            print(f'  p={p} iters={iters} norm={norm} NMI {nmi(y,lab):.4f} ARI {ari(y,lab):.4f}')
    E = V[:, ::-1][:, :K]
    for norm in ['dd','row']:
        Z = E / dd[:,None] if norm=='dd' else E / np.linalg.norm(E,axis=1,keepdims=True)
        lab = KMeans(K, n_init=10, random_state=0).fit_predict(Z)
        print(f'  exact norm={norm} NMI {nmi(y,lab):.4f} ARI {ari(y,lab):.4f}')
    lab = SpectralClustering(K, affinity='nearest_neighbors', n_neighbors=nn, random_state=0).fit_predict(X)
    print(f'  sklearn NMI {nmi(y,lab):.4f}')
