package dev.sift.discover;

import dev.sift.model.VectorMath;

/**
 * Scale and per-label bias of a prototype bundle, {@code softmax(scale * (cos(x, prototype) + bias))},
 * chosen by leave-one-out on the examples themselves: each example is scored against its own
 * label's prototype computed without it (and the other labels' full prototypes), and the pair
 * minimising the mean log-loss of those held-out scores wins. Scale is searched on a grid (its
 * optimum runs away to infinity when every held-out example is right, hence the cap); for each
 * scale the biases are the convex optimum of the log-loss, found by gradient descent with a small
 * L2 penalty that keeps them finite.
 */
public final class PrototypeCalibration {
    static final double[] SCALES = {5, 10, 15, 20, 25, 30, 35, 40, 50, 60};
    private static final double BIAS_PENALTY = 0.01;

    /**
     * @param examplesUsed how many examples had a leave-one-out prototype (a label's only example has none)
     * @param looAccuracy  accuracy of the held-out scores, with the chosen scale and biases
     */
    public record Result(float[][] prototypes, double scale, double[] bias, int examplesUsed, double looAccuracy,
            double looLogLoss) {
        public int predict(float[] x) {
            double[] z = new double[prototypes.length];
            for (int l = 0; l < z.length; l++) {
                z[l] = cos(x, prototypes[l]) + bias[l];
            }
            return SoftmaxRegression.argmax(z);
        }

        /** What the served bundle answers: {@code softmax(scale * (cos + bias))} (PrototypeScorer). */
        public double[] probabilities(float[] x) {
            double[] z = new double[prototypes.length];
            for (int l = 0; l < z.length; l++) {
                z[l] = scale * (cos(x, prototypes[l]) + bias[l]);
            }
            SoftmaxRegression.softmaxInPlace(z);
            return z;
        }
    }

    private PrototypeCalibration() {
    }

    public static Result fit(float[][] x, int[] y, int labels) {
        int dim = x[0].length;
        double[][] sum = new double[labels][dim];
        int[] count = new int[labels];
        for (int i = 0; i < x.length; i++) {
            count[y[i]]++;
            for (int d = 0; d < dim; d++) {
                sum[y[i]][d] += x[i][d];
            }
        }
        float[][] prototypes = new float[labels][];
        for (int l = 0; l < labels; l++) {
            prototypes[l] = unit(sum[l], null, 0);
        }
        // Held-out cosines: row i, column l.
        int used = 0;
        for (int c : y) {
            used += count[c] > 1 ? 1 : 0;
        }
        double[][] cos = new double[used][labels];
        int[] truth = new int[used];
        int r = 0;
        for (int i = 0; i < x.length; i++) {
            if (count[y[i]] < 2) {
                continue;
            }
            for (int l = 0; l < labels; l++) {
                cos[r][l] = l == y[i] ? cos(x[i], unit(sum[l], x[i], -1)) : cos(x[i], prototypes[l]);
            }
            truth[r++] = y[i];
        }
        if (used == 0 || labels < 2) {
            return new Result(prototypes, 35, new double[labels], 0, Double.NaN, Double.NaN);
        }
        double bestLoss = Double.POSITIVE_INFINITY;
        double bestScale = SCALES[0];
        double[] bestBias = new double[labels];
        for (double scale : SCALES) {
            double[] beta = fitIntercepts(cos, truth, labels, scale);
            double loss = logLoss(cos, truth, scale, beta);
            if (loss < bestLoss) {
                bestLoss = loss;
                bestScale = scale;
                bestBias = beta;
            }
        }
        double[] bias = new double[labels];
        for (int l = 0; l < labels; l++) {
            bias[l] = bestBias[l] / bestScale;
        }
        int correct = 0;
        for (int i = 0; i < used; i++) {
            double[] z = new double[labels];
            for (int l = 0; l < labels; l++) {
                z[l] = cos[i][l] + bias[l];
            }
            correct += SoftmaxRegression.argmax(z) == truth[i] ? 1 : 0;
        }
        return new Result(prototypes, bestScale, bias, used, (double) correct / used, bestLoss);
    }

    /** Logit intercepts beta minimising mean log-loss of softmax(scale * cos + beta), plus a small L2 penalty. */
    private static double[] fitIntercepts(double[][] cos, int[] truth, int labels, double scale) {
        double[] beta = new double[labels];
        double[] p = new double[labels];
        for (int it = 0; it < 300; it++) {
            double[] grad = new double[labels];
            for (int i = 0; i < cos.length; i++) {
                for (int l = 0; l < labels; l++) {
                    p[l] = scale * cos[i][l] + beta[l];
                }
                SoftmaxRegression.softmaxInPlace(p);
                p[truth[i]] -= 1;
                for (int l = 0; l < labels; l++) {
                    grad[l] += p[l] / cos.length;
                }
            }
            for (int l = 0; l < labels; l++) {
                beta[l] -= 1.0 * (grad[l] + BIAS_PENALTY * beta[l]);
            }
        }
        return beta;
    }

    private static double logLoss(double[][] cos, int[] truth, double scale, double[] beta) {
        double loss = 0;
        double[] p = new double[beta.length];
        for (int i = 0; i < cos.length; i++) {
            for (int l = 0; l < beta.length; l++) {
                p[l] = scale * cos[i][l] + beta[l];
            }
            SoftmaxRegression.softmaxInPlace(p);
            loss -= Math.log(Math.max(p[truth[i]], 1e-12));
        }
        return loss / cos.length;
    }

    /** The unit vector along {@code sum + sign * minus} (minus may be null). */
    private static float[] unit(double[] sum, float[] minus, int sign) {
        float[] v = new float[sum.length];
        for (int d = 0; d < v.length; d++) {
            v[d] = (float) (sum[d] + (minus == null ? 0 : sign * minus[d]));
        }
        VectorMath.normalize(v);
        return v;
    }

    static double cos(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }
}
