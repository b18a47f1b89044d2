package dev.sift.discover;

/**
 * Chooses and fits the head of a few-shot bundle from embedded examples: with fewer than
 * {@link #MIN_FOR_REGRESSION} examples for some label, the labels' prototypes (scale and bias by
 * leave-one-out); otherwise a logistic regression on the frozen vectors (L2 penalty by stratified
 * cross-validation). Below eight examples a label's held-out folds have one or two examples and
 * a regression over 512 dimensions learns its examples, not the label.
 */
public final class FewShotTrainer {
    public static final int MIN_FOR_REGRESSION = 8;
    static final double[] LAMBDAS = {0.001, 0.01, 0.1};
    static final int FOLDS = 4;

    /** Which head a bundle gets; {@code AUTO} decides by the examples per label. */
    public enum HeadChoice { AUTO, PROTOTYPES, REGRESSION }

    /** The fitted head: exactly one of {@code prototypes} and {@code regression} is set. */
    public record Fitted(PrototypeCalibration.Result prototypes, SoftmaxRegression.Head regression, double lambda,
            double heldOutAccuracy, String heldOutMethod) {
        public int predict(float[] x) {
            return prototypes != null ? prototypes.predict(x) : regression.predict(x);
        }

        public double[] probabilities(float[] x) {
            return prototypes != null ? prototypes.probabilities(x) : regression.probabilities(x);
        }
    }

    private FewShotTrainer() {
    }

    public static Fitted fit(float[][] x, int[] y, int labels, int fewestPerLabel, HeadChoice choice) {
        boolean regression = choice == HeadChoice.REGRESSION
                || choice == HeadChoice.AUTO && fewestPerLabel >= MIN_FOR_REGRESSION;
        if (regression) {
            if (fewestPerLabel < 2) {
                throw new BadInputException("a logistic regression head needs at least 2 examples per label; "
                        + "one label has " + fewestPerLabel);
            }
            int folds = Math.min(FOLDS, fewestPerLabel);
            double[] chosen = SoftmaxRegression.chooseLambda(x, y, labels, LAMBDAS, folds);
            return new Fitted(null, SoftmaxRegression.fit(x, y, labels, chosen[0]), chosen[0], chosen[1],
                    folds + "-fold stratified cross-validation");
        }
        PrototypeCalibration.Result p = PrototypeCalibration.fit(x, y, labels);
        return new Fitted(p, null, Double.NaN, p.looAccuracy(), "leave-one-out over " + p.examplesUsed() + " examples");
    }
}
