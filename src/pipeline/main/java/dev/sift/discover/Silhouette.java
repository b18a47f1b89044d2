package dev.sift.discover;

/**
 * Mean silhouette of a clustering on a sample of rows, with cosine distance: for each point,
 * (b - a) / max(a, b), a = mean distance to its own cluster, b = mean distance to the nearest
 * other cluster. Quadratic in the sample, hence the sample.
 */
final class Silhouette {
    private Silhouette() {
    }

    static double of(Embeddings vectors, int[] sample, int[] clusterOfRow, int k) {
        int n = sample.length;
        double total = 0;
        double[] sum = new double[k];
        int[] count = new int[k];
        for (int i : sample) {
            count[clusterOfRow[i]]++;
        }
        for (int a = 0; a < n; a++) {
            java.util.Arrays.fill(sum, 0);
            int own = clusterOfRow[sample[a]];
            if (count[own] < 2) {
                continue; // silhouette of a singleton is 0 by convention
            }
            for (int b = 0; b < n; b++) {
                if (a != b) {
                    sum[clusterOfRow[sample[b]]] += 1 - vectors.dot(sample[a], sample[b]);
                }
            }
            double inside = sum[own] / (count[own] - 1);
            double nearest = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && count[c] > 0) {
                    nearest = Math.min(nearest, sum[c] / count[c]);
                }
            }
            double s = Double.isInfinite(nearest) ? 0 : (nearest - inside) / Math.max(nearest, inside);
            total += s;
        }
        return total / n;
    }
}
