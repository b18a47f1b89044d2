package dev.sift.discover;

import java.util.Arrays;

/**
 * The symmetric k-nearest-neighbour graph as scikit-learn's spectral clustering builds it (weight
 * 1/2 for each direction an edge was found in, so 1 for mutual neighbours), normalised as
 * D^-1/2 A D^-1/2 and stored as compressed sparse rows.
 */
final class NormalisedGraph {
    private final int size;
    private final int[] rowStart;
    private final int[] column;
    private final double[] weight;

    private NormalisedGraph(int size, int[] rowStart, int[] column, double[] weight) {
        this.size = size;
        this.rowStart = rowStart;
        this.column = column;
        this.weight = weight;
    }

    /** The graph over {@code size} nodes whose neighbours (positions in the same set) {@code knn} found. */
    static NormalisedGraph of(NearestNeighbours knn, int size) {
        // Each directed edge i -> j as both (i, j) and (j, i), packed in a long so that one sort
        // groups them by row, then by column; a pair found from both ends appears twice.
        long[] edges = new long[2 * size * knn.count()];
        int e = 0;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < knn.count(); j++) {
                int n = knn.position(i, j);
                edges[e++] = ((long) i << 32) | n;
                edges[e++] = ((long) n << 32) | i;
            }
        }
        Arrays.sort(edges);
        int[] rowStart = new int[size + 1];
        int[] column = new int[edges.length];
        double[] weight = new double[edges.length];
        int kept = 0;
        for (int k = 0; k < edges.length; k++) {
            if (k > 0 && edges[k] == edges[k - 1]) {
                weight[kept - 1] += 0.5;
                continue;
            }
            int row = (int) (edges[k] >>> 32);
            rowStart[row + 1]++;
            column[kept] = (int) edges[k];
            weight[kept] = 0.5;
            kept++;
        }
        for (int i = 0; i < size; i++) {
            rowStart[i + 1] += rowStart[i];
        }
        double[] inverseRootDegree = new double[size];
        for (int i = 0; i < size; i++) {
            double degree = 0;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                degree += weight[k];
            }
            inverseRootDegree[i] = 1 / Math.sqrt(degree);
        }
        for (int i = 0; i < size; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                weight[k] *= inverseRootDegree[i] * inverseRootDegree[column[k]];
            }
        }
        return new NormalisedGraph(size, rowStart, Arrays.copyOf(column, kept), Arrays.copyOf(weight, kept));
    }

    int size() {
        return size;
    }

    /** Weight of the edge i-j after normalisation, 0 if there is none (for tests). */
    double weight(int i, int j) {
        for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
            if (column[k] == j) {
                return weight[k];
            }
        }
        return 0;
    }

    /**
     * {@code out = (x + N x) / 2} for the normalised adjacency N and row-major m x width matrices:
     * the shift puts every eigenvalue in [0, 1], so the iteration favours the largest ones and not
     * those near -1.
     */
    void multiplyShifted(double[] x, double[] out, int width) {
        for (int i = 0; i < size; i++) {
            int o = i * width;
            for (int c = 0; c < width; c++) {
                out[o + c] = 0.5 * x[o + c];
            }
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                double w = 0.5 * weight[k];
                int src = column[k] * width;
                for (int c = 0; c < width; c++) {
                    out[o + c] += w * x[src + c];
                }
            }
        }
    }
}
