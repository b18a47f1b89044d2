package dev.sift.discover;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

import org.tribuo.math.la.DenseMatrix;

/**
 * Spectral clustering after Ng, Jordan and Weiss (2001), on a k-nearest-neighbour graph of the
 * sentence vectors: the leading eigenvectors of the graph's normalised adjacency, each row scaled to
 * unit length, then k-means on those rows.
 *
 * <p>Why: topics in the encoder's space are connected regions, not balls around a centre. On
 * shopping10 test at K = 10, k-means on the vectors reaches NMI 0.53 to 0.56, this 0.61
 * ({@code src/bench/results/discover/spectral.md}). Why written here: Tribuo, our clustering
 * library, has k-means and HDBSCAN only, and the Java libraries with a sparse eigensolver are
 * GPL-3.0 (SMILE 3) or need native ARPACK. So the graph and a subspace iteration are ours; the
 * small dense eigenproblem of its Rayleigh-Ritz step is Tribuo's, and so is the final k-means.
 *
 * <p>The graph holds a sample of rows (all of them up to {@link #GRAPH_SAMPLE}); other rows take
 * the cluster most of their nearest sample rows are in ({@link #extend}).
 */
final class SpectralClustering {
    /** Neighbours per text in the graph: 10 and 15 gave NMI 0.615 and 0.611 on shopping10 test, 20 and 50 less. */
    static final int NEIGHBOURS = 10;
    /** Rows in the graph; the quadratic neighbour search over them takes about 10 s on 2 cores. */
    static final int GRAPH_SAMPLE = 10_000;
    /** Extra vectors iterated beyond those wanted: the convergence rate depends on the gap to the first one left out. */
    private static final int OVERSAMPLING = 10;
    /** Subspace iterations; 200 reached the exact eigenvectors' clustering on shopping10 test (numpy's eigh). */
    private static final int ITERATIONS = 300;

    /** The leading {@code dims} eigenvectors of the graph of {@code sample}, row-major, and their eigenvalues, largest first. */
    record Embedding(int[] sample, double[] vectors, int dims, double[] eigenvalues) {
    }

    private SpectralClustering() {
    }

    /** The graph of {@code sample} (row indices of {@code vectors}) and its {@code dims} leading eigenvectors. */
    static Embedding embed(Embeddings vectors, int[] sample, int dims, int threads, long seed, ProgressBar progress) {
        NearestNeighbours knn = NearestNeighbours.search(vectors, sample, sample, NEIGHBOURS, threads, progress);
        NormalisedGraph graph = NormalisedGraph.of(knn, sample.length);
        int wanted = Math.min(dims, sample.length);
        int width = Math.min(wanted + OVERSAMPLING, sample.length);
        return leadingEigenvectors(graph, wanted, width, seed, sample);
    }

    /**
     * Cluster of each sample row at {@code k}: Tribuo's k-means (best of {@code restarts}) on the
     * first {@code k} eigenvector coordinates of each row, the row scaled to unit length.
     */
    static int[] cluster(Embedding embedding, int k, int threads, long seed, int restarts) {
        if (k > embedding.dims()) {
            throw new IllegalArgumentException("K=" + k + " but only " + embedding.dims() + " eigenvectors were computed");
        }
        int m = embedding.sample().length;
        float[] rows = new float[m * k];
        for (int i = 0; i < m; i++) {
            double norm = 0;
            for (int c = 0; c < k; c++) {
                double v = embedding.vectors()[i * embedding.dims() + c];
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < k; c++) {
                rows[i * k + c] = norm > 0 ? (float) (embedding.vectors()[i * embedding.dims() + c] / norm) : 0f;
            }
        }
        Embeddings points = new Embeddings(rows, m, k);
        int[] all = IntStream.range(0, m).toArray();
        float[][] centres = KMeansClustering.fitBest(points, all, k, threads, seed, restarts);
        return KMeansClustering.assign(points, centres).cluster();
    }

    /**
     * Cluster of every row of {@code vectors}: a sample row keeps its own; any other row takes the
     * cluster whose members among its {@link #NEIGHBOURS} nearest sample rows have the greatest
     * summed similarity (a k-nearest-neighbour vote, as the graph itself was built).
     */
    static int[] extend(Embeddings vectors, int[] sample, int[] sampleCluster, int k, int threads, ProgressBar progress) {
        int[] cluster = new int[vectors.size()];
        Arrays.fill(cluster, -1);
        for (int i = 0; i < sample.length; i++) {
            cluster[sample[i]] = sampleCluster[i];
        }
        int[] others = IntStream.range(0, vectors.size()).filter(i -> cluster[i] < 0).toArray();
        if (others.length == 0) {
            return cluster;
        }
        NearestNeighbours knn = NearestNeighbours.search(vectors, others, sample, NEIGHBOURS, threads, progress);
        double[] votes = new double[k];
        for (int q = 0; q < others.length; q++) {
            Arrays.fill(votes, 0);
            for (int j = 0; j < knn.count(); j++) {
                votes[sampleCluster[knn.position(q, j)]] += knn.similarity(q, j);
            }
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (votes[c] > votes[best]) {
                    best = c;
                }
            }
            cluster[others[q]] = best;
        }
        return cluster;
    }

    /**
     * Subspace iteration on (I + D^-1/2 A D^-1/2) / 2, whose eigenvalues lie in [0, 1] with the
     * adjacency's largest ones on top, then one Rayleigh-Ritz step: the small projected matrix's
     * eigenvectors rotate the basis onto the eigenvectors.
     */
    private static Embedding leadingEigenvectors(NormalisedGraph graph, int wanted, int width, long seed, int[] sample) {
        int m = graph.size();
        double[] basis = new double[m * width];
        Random random = new Random(seed);
        for (int i = 0; i < basis.length; i++) {
            basis[i] = random.nextGaussian();
        }
        orthonormalise(basis, m, width);
        double[] product = new double[m * width];
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            graph.multiplyShifted(basis, product, width);
            double[] swap = basis;
            basis = product;
            product = swap;
            orthonormalise(basis, m, width);
        }
        graph.multiplyShifted(basis, product, width);
        DenseMatrix projected = new DenseMatrix(width, width);
        for (int a = 0; a < width; a++) {
            for (int b = a; b < width; b++) {
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    sum += basis[i * width + a] * product[i * width + b];
                }
                projected.set(a, b, sum);
                projected.set(b, a, sum);
            }
        }
        DenseMatrix.EigenDecomposition eigen = projected.eigenDecomposition()
                .orElseThrow(() -> new IllegalStateException("the projected graph matrix has no eigendecomposition"));
        Integer[] order = new Integer[width];
        for (int i = 0; i < width; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(eigen.eigenvalues().get(y), eigen.eigenvalues().get(x)));
        double[] vectors = new double[m * wanted];
        double[] eigenvalues = new double[wanted];
        for (int c = 0; c < wanted; c++) {
            int e = order[c];
            // Back from the shifted matrix's eigenvalue to the normalised adjacency's.
            eigenvalues[c] = 2 * eigen.eigenvalues().get(e) - 1;
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int b = 0; b < width; b++) {
                    sum += basis[i * width + b] * eigen.eigenvectors().get(b, e);
                }
                vectors[i * wanted + c] = sum;
            }
        }
        return new Embedding(sample, vectors, wanted, eigenvalues);
    }

    /** Modified Gram-Schmidt on the columns of a row-major m x width matrix. */
    static void orthonormalise(double[] matrix, int m, int width) {
        for (int c = 0; c < width; c++) {
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += matrix[i * width + c] * matrix[i * width + p];
                }
                for (int i = 0; i < m; i++) {
                    matrix[i * width + c] -= dot * matrix[i * width + p];
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += matrix[i * width + c] * matrix[i * width + c];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                matrix[i * width + c] = norm > 1e-300 ? matrix[i * width + c] / norm : 0;
            }
        }
    }
}
