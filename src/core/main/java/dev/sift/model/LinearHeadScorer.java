package dev.sift.model;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Embedding bundles trained on labelled examples ({@code make fewshot} with 8 or more per label):
 * a multinomial logistic regression on the frozen sentence vector, {@code softmax(W x + b)}, with
 * {@code W} and {@code b} stored in the manifest as {@code scoring.weights} (one row per label, in
 * label order) and {@code scoring.intercepts}. Kept in the manifest rather than as a second ONNX
 * graph because it is a few thousand numbers and one loop, which the JSON keeps readable and diffable.
 */
final class LinearHeadScorer implements LabelScorer {
    private final float[][] weights;
    private final double[] intercepts;

    private LinearHeadScorer(float[][] weights, double[] intercepts) {
        this.weights = weights;
        this.intercepts = intercepts;
    }

    /** Whether the manifest carries a linear head instead of prototypes. */
    static boolean present(JsonNode manifest) {
        return manifest.path("scoring").has("weights");
    }

    static LinearHeadScorer fromManifest(BundleManifest manifest) {
        List<String> labels = manifest.labels();
        JsonNode scoring = manifest.raw().path("scoring");
        JsonNode rows = scoring.path("weights");
        JsonNode intercepts = scoring.path("intercepts");
        if (!rows.isArray() || rows.size() != labels.size() || !intercepts.isArray()
                || intercepts.size() != labels.size()) {
            throw new BundleException("bundle " + manifest.name() + ": scoring.weights and scoring.intercepts must have "
                    + "one entry per label (" + labels.size() + ")");
        }
        float[][] weights = new float[labels.size()][];
        double[] bias = new double[labels.size()];
        for (int l = 0; l < labels.size(); l++) {
            JsonNode row = rows.get(l);
            if (!row.isArray() || row.isEmpty() || (l > 0 && row.size() != weights[0].length)) {
                throw new BundleException("bundle " + manifest.name() + ": scoring.weights[" + l
                        + "] must be an array of numbers as long as the others");
            }
            weights[l] = new float[row.size()];
            for (int h = 0; h < row.size(); h++) {
                if (!row.get(h).isNumber()) {
                    throw new BundleException("bundle " + manifest.name() + ": scoring.weights[" + l + "][" + h
                            + "] is not a number");
                }
                weights[l][h] = (float) row.get(h).asDouble();
            }
            if (!intercepts.get(l).isNumber()) {
                throw new BundleException("bundle " + manifest.name() + ": scoring.intercepts[" + l + "] is not a number");
            }
            bias[l] = intercepts.get(l).asDouble();
        }
        return new LinearHeadScorer(weights, bias);
    }

    @Override
    public double[] logits(float[] vector) {
        if (vector.length != weights[0].length) {
            throw new InferenceException("the linear head expects " + weights[0].length
                    + "-dimensional sentence vectors but the encoder produced " + vector.length, null);
        }
        double[] logits = new double[weights.length];
        for (int l = 0; l < weights.length; l++) {
            logits[l] = VectorMath.dot(vector, weights[l]) + intercepts[l];
        }
        return logits;
    }
}
