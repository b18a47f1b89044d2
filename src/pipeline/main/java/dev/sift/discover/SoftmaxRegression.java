package dev.sift.discover;

import java.util.Arrays;

/**
 * Multinomial logistic regression on frozen sentence vectors, L2-regularised, fitted by full-batch
 * gradient descent with Nesterov momentum. The inputs are centred and scaled to unit mean squared
 * norm while fitting (embeddings of one encoder share a large common direction, which slows
 * descent), and the result is folded back into one {@code W x + b} on the raw vectors, which is
 * what the served bundle computes. Hand-written: it is one loop, deterministic, and the few
 * thousand examples of a few-shot set need nothing faster.
 */
public final class SoftmaxRegression {
    static final int ITERATIONS = 300;

    /** The head: {@code logits = weights · x + intercepts}, one row per label. */
    public record Head(float[][] weights, double[] intercepts) {
        public double[] logits(float[] x) {
            double[] z = new double[weights.length];
            for (int l = 0; l < weights.length; l++) {
                double s = intercepts[l];
                for (int d = 0; d < x.length; d++) {
                    s += weights[l][d] * x[d];
                }
                z[l] = s;
            }
            return z;
        }

        public int predict(float[] x) {
            return argmax(logits(x));
        }

        public double[] probabilities(float[] x) {
            double[] z = logits(x);
            softmaxInPlace(z);
            return z;
        }
    }

    private SoftmaxRegression() {
    }

    /** Fits the head; {@code lambda} is the L2 penalty on the weights (per example, on the scaled inputs). */
    public static Head fit(float[][] x, int[] y, int labels, double lambda) {
        int n = x.length;
        int dim = x[0].length;
        double[] mean = mean(x);
        double scale = centredScale(x, mean);
        double[][] z = new double[n][dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                z[i][d] = (x[i][d] - mean[d]) / scale;
            }
        }
        // Softmax cross-entropy has curvature at most 1/2 of the inputs' mean squared norm (1 here),
        // so this step never overshoots.
        double step = 1 / (0.5 + lambda);
        double[][] w = new double[labels][dim];
        double[] b = new double[labels];
        double[][] wPrev = new double[labels][dim];
        double[] bPrev = new double[labels];
        double[][] wLook = new double[labels][dim];
        double[] bLook = new double[labels];
        double[][] gw = new double[labels][dim];
        double[] gb = new double[labels];
        double[] p = new double[labels];
        for (int it = 1; it <= ITERATIONS; it++) {
            double momentum = (it - 1.0) / (it + 2.0);
            for (int l = 0; l < labels; l++) {
                for (int d = 0; d < dim; d++) {
                    wLook[l][d] = w[l][d] + momentum * (w[l][d] - wPrev[l][d]);
                }
                bLook[l] = b[l] + momentum * (b[l] - bPrev[l]);
                Arrays.fill(gw[l], 0);
            }
            Arrays.fill(gb, 0);
            for (int i = 0; i < n; i++) {
                for (int l = 0; l < labels; l++) {
                    double s = bLook[l];
                    double[] wl = wLook[l];
                    double[] zi = z[i];
                    for (int d = 0; d < dim; d++) {
                        s += wl[d] * zi[d];
                    }
                    p[l] = s;
                }
                softmaxInPlace(p);
                p[y[i]] -= 1;
                for (int l = 0; l < labels; l++) {
                    double g = p[l] / n;
                    gb[l] += g;
                    double[] gwl = gw[l];
                    double[] zi = z[i];
                    for (int d = 0; d < dim; d++) {
                        gwl[d] += g * zi[d];
                    }
                }
            }
            for (int l = 0; l < labels; l++) {
                System.arraycopy(w[l], 0, wPrev[l], 0, dim);
                for (int d = 0; d < dim; d++) {
                    w[l][d] = wLook[l][d] - step * (gw[l][d] + lambda * wLook[l][d]);
                }
                bPrev[l] = b[l];
                b[l] = bLook[l] - step * gb[l];
            }
        }
        // logits = w · (x - mean) / scale + b  =  (w / scale) · x + (b - (w / scale) · mean)
        float[][] weights = new float[labels][dim];
        double[] intercepts = new double[labels];
        for (int l = 0; l < labels; l++) {
            double shift = 0;
            for (int d = 0; d < dim; d++) {
                double wd = w[l][d] / scale;
                weights[l][d] = (float) wd;
                shift += wd * mean[d];
            }
            intercepts[l] = b[l] - shift;
        }
        return new Head(weights, intercepts);
    }

    /**
     * The L2 penalty of {@code grid} with the best mean accuracy over {@code folds} stratified
     * folds of the examples (ties: the stronger penalty), and that accuracy.
     */
    public static double[] chooseLambda(float[][] x, int[] y, int labels, double[] grid, int folds) {
        int[] fold = Folds.stratified(y, labels, folds);
        double bestLambda = grid[0];
        double bestAccuracy = -1;
        for (double lambda : grid) {
            int correct = 0;
            for (int f = 0; f < folds; f++) {
                int test = f;
                float[][] trainX = Folds.select(x, fold, test, false);
                int[] trainY = Folds.select(y, fold, test, false);
                if (trainX.length == 0) {
                    continue;
                }
                Head head = fit(trainX, trainY, labels, lambda);
                for (int i = 0; i < x.length; i++) {
                    if (fold[i] == test && head.predict(x[i]) == y[i]) {
                        correct++;
                    }
                }
            }
            double accuracy = (double) correct / x.length;
            if (accuracy > bestAccuracy || accuracy == bestAccuracy && lambda > bestLambda) {
                bestAccuracy = accuracy;
                bestLambda = lambda;
            }
        }
        return new double[] {bestLambda, bestAccuracy};
    }

    /**
     * The penalty {@link #fit} takes that matches scikit-learn's {@code LogisticRegression(C=c)} on
     * the raw vectors ({@code ½‖W‖² + C Σ loss}): fit penalises weights on centred inputs scaled by
     * {@code 1 / scale}, whose squared norm is {@code scale²} times the raw weights'.
     */
    public static double lambdaForC(float[][] x, double c) {
        double scale = centredScale(x, mean(x));
        return 1 / (c * x.length * scale * scale);
    }

    private static double[] mean(float[][] x) {
        double[] mean = new double[x[0].length];
        for (float[] row : x) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] += row[d];
            }
        }
        for (int d = 0; d < mean.length; d++) {
            mean[d] /= x.length;
        }
        return mean;
    }

    /** The root mean squared norm of the centred rows. */
    private static double centredScale(float[][] x, double[] mean) {
        double meanSquare = 0;
        for (float[] row : x) {
            for (int d = 0; d < mean.length; d++) {
                double c = row[d] - mean[d];
                meanSquare += c * c;
            }
        }
        return Math.sqrt(Math.max(meanSquare / x.length, 1e-12));
    }

    public static void softmaxInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < z.length; i++) {
            z[i] /= sum;
        }
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
