package dev.sift.discover;

import java.util.Arrays;

/**
 * Multinomial logistic regression on sparse unit-length rows ({@link CharNgramTfIdf}), with
 * scikit-learn's penalty convention: {@code ½‖W‖² + C Σ loss} (intercepts unpenalised). Fitted by
 * full-batch gradient descent with Nesterov momentum, like {@link SoftmaxRegression}, but without
 * centring, which would make the rows dense. Hand-written for the same reason: the rows are a few
 * hundred labelled examples, and each step touches only their non-zero features.
 */
final class SparseSoftmaxRegression {
    static final int ITERATIONS = 500;

    /** {@code logits = weights · x + intercepts}, one row per label. */
    record Head(double[][] weights, double[] intercepts) {
        double[] probabilities(CharNgramTfIdf.Row x) {
            double[] z = intercepts.clone();
            for (int l = 0; l < z.length; l++) {
                for (int k = 0; k < x.index().length; k++) {
                    z[l] += weights[l][x.index()[k]] * x.value()[k];
                }
            }
            SoftmaxRegression.softmaxInPlace(z);
            return z;
        }
    }

    private SparseSoftmaxRegression() {
    }

    static Head fit(CharNgramTfIdf.Row[] x, int[] y, int labels, int features, double c) {
        int n = x.length;
        // mean loss + lambda/2 |W|^2 is scikit-learn's objective divided by C n
        double lambda = 1 / (c * n);
        // rows of unit length plus the intercept's constant 1: curvature at most 1/2 * 2
        double step = 1 / (1 + lambda);
        double[][] w = new double[labels][features];
        double[] b = new double[labels];
        double[][] wPrev = new double[labels][features];
        double[] bPrev = new double[labels];
        double[][] wLook = new double[labels][features];
        double[] bLook = new double[labels];
        double[][] gw = new double[labels][features];
        double[] gb = new double[labels];
        double[] p = new double[labels];
        for (int it = 1; it <= ITERATIONS; it++) {
            double momentum = (it - 1.0) / (it + 2.0);
            for (int l = 0; l < labels; l++) {
                for (int d = 0; d < features; d++) {
                    wLook[l][d] = w[l][d] + momentum * (w[l][d] - wPrev[l][d]);
                }
                bLook[l] = b[l] + momentum * (b[l] - bPrev[l]);
                Arrays.fill(gw[l], 0);
            }
            Arrays.fill(gb, 0);
            for (int i = 0; i < n; i++) {
                int[] index = x[i].index();
                float[] value = x[i].value();
                for (int l = 0; l < labels; l++) {
                    double s = bLook[l];
                    for (int k = 0; k < index.length; k++) {
                        s += wLook[l][index[k]] * value[k];
                    }
                    p[l] = s;
                }
                SoftmaxRegression.softmaxInPlace(p);
                p[y[i]] -= 1;
                for (int l = 0; l < labels; l++) {
                    double g = p[l] / n;
                    gb[l] += g;
                    for (int k = 0; k < index.length; k++) {
                        gw[l][index[k]] += g * value[k];
                    }
                }
            }
            for (int l = 0; l < labels; l++) {
                System.arraycopy(w[l], 0, wPrev[l], 0, features);
                for (int d = 0; d < features; d++) {
                    w[l][d] = wLook[l][d] - step * (gw[l][d] + lambda * wLook[l][d]);
                }
                bPrev[l] = b[l];
                b[l] = bLook[l] - step * gb[l];
            }
        }
        return new Head(w, b);
    }
}
