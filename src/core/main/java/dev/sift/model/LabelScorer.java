package dev.sift.model;

/**
 * Turns the vector the graph produced for one text into one logit per label (manifest order);
 * the classifier turns logits into probabilities with the bundle's temperature
 * ({@link ScoreCalibration}), so every kind of bundle is calibrated the same way.
 */
interface LabelScorer {
    double[] logits(float[] vector);

    /** Classifier bundles: the vector is the logits. */
    static LabelScorer identity() {
        return vector -> {
            double[] logits = new double[vector.length];
            for (int i = 0; i < vector.length; i++) {
                logits[i] = vector[i];
            }
            return logits;
        };
    }
}
