package dev.sift.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result for one text.
 *
 * @param label     the most probable label; null when the text abstained. For a multi-label bundle,
 *                  the most probable of {@code labels}, so a client that reads one label still gets one
 * @param score     the probability of {@code label} (of the most probable label when it abstained)
 * @param scores    label → probability, most probable first; they sum to 1 for a single-label bundle,
 *                  and are independent probabilities for a multi-label one
 * @param abstained whether no label reached the threshold in force ({@code minScore}, or a multi-label
 *                  bundle's per-label thresholds), so the answer is "not sure" rather than {@code label}
 * @param labels    multi-label bundles only (absent otherwise): every label whose probability reaches
 *                  its threshold, most probable first
 */
public record Prediction(String label, double score, Map<String, Double> scores, boolean abstained,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> labels) {

    /** A single-label bundle's result. */
    public Prediction(String label, double score, Map<String, Double> scores, boolean abstained) {
        this(label, score, scores, abstained, null);
    }
}
