package dev.sift.discover;

import java.util.Random;

/**
 * The first two principal components of a sample of vectors, for the report's 2-D map: the
 * covariance of the sample, then power iteration with deflation. Two components of a 512 x 512
 * matrix are a few milliseconds, less than a library's set-up.
 */
final class MapProjection {
    private final double[] mean;
    private final double[][] axes;

    private MapProjection(double[] mean, double[][] axes) {
        this.mean = mean;
        this.axes = axes;
    }

    static MapProjection fit(Embeddings vectors, int[] sample) {
        int dim = vectors.dim();
        double[] mean = new double[dim];
        for (int row : sample) {
            for (int d = 0; d < dim; d++) {
                mean[d] += vectors.get(row, d);
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= Math.max(sample.length, 1);
        }
        double[][] cov = new double[dim][dim];
        double[] x = new double[dim];
        for (int row : sample) {
            for (int d = 0; d < dim; d++) {
                x[d] = vectors.get(row, d) - mean[d];
            }
            for (int a = 0; a < dim; a++) {
                double xa = x[a];
                double[] ca = cov[a];
                for (int b = a; b < dim; b++) {
                    ca[b] += xa * x[b];
                }
            }
        }
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        double[][] axes = new double[2][];
        Random random = new Random(7);
        for (int c = 0; c < 2; c++) {
            double[] v = new double[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = random.nextGaussian();
            }
            double lambda = 0;
            for (int it = 0; it < 200; it++) {
                double[] next = new double[dim];
                for (int a = 0; a < dim; a++) {
                    double s = 0;
                    for (int b = 0; b < dim; b++) {
                        s += cov[a][b] * v[b];
                    }
                    next[a] = s;
                }
                lambda = Math.sqrt(dot(next, next));
                if (lambda == 0) {
                    break;
                }
                for (int d = 0; d < dim; d++) {
                    next[d] /= lambda;
                }
                v = next;
            }
            axes[c] = v;
            for (int a = 0; a < dim; a++) {
                for (int b = 0; b < dim; b++) {
                    cov[a][b] -= lambda * v[a] * v[b];
                }
            }
        }
        return new MapProjection(mean, axes);
    }

    /** The row's coordinates on the two axes. */
    double[] project(Embeddings vectors, int row) {
        double[] p = new double[2];
        for (int c = 0; c < 2; c++) {
            double s = 0;
            for (int d = 0; d < mean.length; d++) {
                s += (vectors.get(row, d) - mean[d]) * axes[c][d];
            }
            p[c] = s;
        }
        return p;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
