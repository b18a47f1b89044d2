package dev.sift.model;

/** Turns the vector the graph produced for one text into one probability per label (manifest order). */
interface LabelScorer {
    double[] probabilities(float[] vector);

    /** Classifier bundles: the vector is the logits. */
    static LabelScorer softmax() {
        return vector -> {
            double[] logits = new double[vector.length];
            for (int i = 0; i < vector.length; i++) {
                logits[i] = vector[i];
            }
            return VectorMath.softmax(logits);
        };
    }
}
