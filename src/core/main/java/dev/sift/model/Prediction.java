package dev.sift.model;

import java.util.Map;

/**
 * The result for one text.
 *
 * @param label  the most probable label
 * @param score  its probability
 * @param scores label → probability for every label, most probable first; they sum to 1
 */
public record Prediction(String label, double score, Map<String, Double> scores) {
}
