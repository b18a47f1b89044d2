package dev.sift.pipeline;

import dev.sift.model.ScoreCalibration;

/**
 * Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", 2017): the one
 * scalar T that minimises the log-loss of {@code softmax(logits / T)} on held-out data. One
 * parameter cannot overfit a validation split of a few hundred texts, and dividing every logit by
 * the same T never changes which label is on top, so accuracy is untouched.
 */
final class TemperatureFit {
    /** Range searched; beyond it a bundle is broken, not miscalibrated. */
    private static final double MIN_T = 0.05;
    private static final double MAX_T = 20;

    private TemperatureFit() {
    }

    /**
     * The log-loss-minimising temperature. The log-loss is convex in 1/T, hence unimodal in log T,
     * so a golden-section search over log T finds its minimum; 100 steps narrow the range far
     * below any difference that shows in a probability.
     */
    static double fit(double[][] logits, int[] gold) {
        double lo = Math.log(MIN_T);
        double hi = Math.log(MAX_T);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo);
        double b = lo + ratio * (hi - lo);
        double fa = logLoss(logits, gold, Math.exp(a));
        double fb = logLoss(logits, gold, Math.exp(b));
        for (int i = 0; i < 100; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - ratio * (hi - lo);
                fa = logLoss(logits, gold, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + ratio * (hi - lo);
                fb = logLoss(logits, gold, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Mean negative log-probability of the gold label at temperature {@code t}. */
    static double logLoss(double[][] logits, int[] gold, double t) {
        ScoreCalibration calibration = new ScoreCalibration(t, null, null);
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            sum -= Math.log(Math.max(calibration.probabilities(logits[i])[gold[i]], 1e-300));
        }
        return sum / logits.length;
    }
}
