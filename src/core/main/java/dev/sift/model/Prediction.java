package dev.sift.model;

import java.util.Map;

/**
 * The result for one text.
 *
 * @param label     the most probable label; null when the text abstained
 * @param score     the most probable label's probability
 * @param scores    label → probability for every label, most probable first; they sum to 1
 * @param abstained whether the top score was below the threshold in force ({@code minScore}),
 *                  so the answer is "not sure" rather than {@code label}
 */
public record Prediction(String label, double score, Map<String, Double> scores, boolean abstained) {
}
