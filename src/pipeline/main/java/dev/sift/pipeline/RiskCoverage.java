package dev.sift.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Selective classification: answer only the texts whose top score is highest, abstain on the
 * rest. Sorted by score, the first k texts are what a threshold at the k-th score answers; their
 * accuracy against k / n (the coverage) is the risk–coverage curve.
 */
final class RiskCoverage {
    private final double[] scores;
    /** cumulative correct answers among the i most confident texts */
    private final int[] correctPrefix;

    /** @param topScores each text's top-label probability; {@code correct}: whether that label was right */
    RiskCoverage(double[] topScores, boolean[] correct) {
        Integer[] order = new Integer[topScores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> topScores[i]).reversed());
        scores = new double[order.length];
        correctPrefix = new int[order.length + 1];
        for (int k = 0; k < order.length; k++) {
            scores[k] = topScores[order[k]];
            correctPrefix[k + 1] = correctPrefix[k] + (correct[order[k]] ? 1 : 0);
        }
    }

    int size() {
        return scores.length;
    }

    /** Accuracy on the most confident {@code coverage} share of the texts. */
    double accuracyAtCoverage(double coverage) {
        int k = Math.max(1, (int) Math.round(coverage * scores.length));
        return (double) correctPrefix[k] / k;
    }

    /** A threshold, what it answers, and how well. */
    record Threshold(double minScore, double coverage, double accuracy) {
    }

    /**
     * The lowest score such that the texts at or above it are right at least {@code target} of the
     * time: the most coverage that meets the target. Null when even the single most confident
     * text is wrong. Ties are kept together, since a threshold cannot split texts of equal score.
     */
    Threshold lowestThresholdFor(double target) {
        for (int k = scores.length; k >= 1; k--) {
            if (k < scores.length && scores[k] == scores[k - 1]) {
                continue;
            }
            double accuracy = (double) correctPrefix[k] / k;
            if (accuracy >= target) {
                return new Threshold(scores[k - 1], (double) k / scores.length, accuracy);
            }
        }
        return null;
    }

    /** The curve at {@code points} evenly spaced coverages: coverage, accuracy, the threshold that gives it. */
    List<Map<String, Object>> curve(int points) {
        List<Map<String, Object>> curve = new ArrayList<>();
        for (int p = 1; p <= points; p++) {
            int k = Math.max(1, (int) Math.round((double) p / points * scores.length));
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("coverage", (double) k / scores.length);
            point.put("accuracy", (double) correctPrefix[k] / k);
            point.put("minScore", scores[k - 1]);
            curve.add(point);
        }
        return curve;
    }
}
