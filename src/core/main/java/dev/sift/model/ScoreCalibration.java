package dev.sift.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a bundle's raw scores become the probabilities it serves, and when it should rather say
 * "not sure": {@code calibration.temperature} and {@code abstention.*} of manifest.json, written
 * on validation data by {@code make calibrate} (CalibrateBundle).
 *
 * @param temperature         logits are divided by it before the softmax (temperature scaling:
 *                            one scalar fitted by log-loss on val; it changes how sure the model
 *                            says it is, never which label it picks); 1 when the bundle has none
 * @param minScore            the threshold applied by default: a top score below it abstains;
 *                            null (the default) keeps every answer, as bundles before it did
 * @param recommendedMinScore the threshold chosen on val for the bundle's stated target, reported
 *                            to clients, applied only when a request sends it as {@code minScore}
 */
public record ScoreCalibration(double temperature, Double minScore, Double recommendedMinScore) {
    public static final ScoreCalibration NONE = new ScoreCalibration(1.0, null, null);

    public static ScoreCalibration of(JsonNode manifest) {
        JsonNode t = manifest.path("calibration").path("temperature");
        double temperature = 1.0;
        if (!t.isMissingNode() && !t.isNull()) {
            if (!t.isNumber() || !(t.asDouble() > 0) || Double.isInfinite(t.asDouble())) {
                throw new BundleException("manifest.json: calibration.temperature must be a positive number, got " + t);
            }
            temperature = t.asDouble();
        }
        JsonNode abstention = manifest.path("abstention");
        return new ScoreCalibration(temperature, probability(abstention, "minScore"),
                probability(abstention, "recommendedMinScore"));
    }

    private static Double probability(JsonNode abstention, String field) {
        JsonNode node = abstention.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 1) {
            throw new BundleException("manifest.json: abstention." + field + " must be a number in [0, 1], got " + node);
        }
        return node.asDouble();
    }

    /** Independent per-label probabilities (multi-label bundles): the sigmoid of each logit at this temperature. */
    public double[] independentProbabilities(double[] logits) {
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = 1.0 / (1.0 + Math.exp(-logits[i] / temperature));
        }
        return p;
    }

    /** The probabilities of {@code logits} at this temperature. */
    public double[] probabilities(double[] logits) {
        if (temperature == 1.0) {
            return VectorMath.softmax(logits);
        }
        double[] scaled = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            scaled[i] = logits[i] / temperature;
        }
        return VectorMath.softmax(scaled);
    }
}
