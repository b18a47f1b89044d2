package dev.sift.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How well predicted label sets match the true ones: micro-F1 (every label decision pooled, so
 * frequent labels weigh more), macro-F1 (the mean of per-label F1, so a rare label counts as much
 * as a common one), exact match (the whole set right) and Hamming loss (the share of wrong label
 * decisions), with per-label precision, recall, F1 and support.
 */
final class MultiLabelMetrics {
    /** How a CSV's label field lists a text's labels: {@code 书籍|positive}. */
    static final String SEPARATOR = "|";

    private final List<String> labels;
    private final long[] truePositives;
    private final long[] falsePositives;
    private final long[] falseNegatives;
    private long examples;
    private long exact;

    MultiLabelMetrics(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.truePositives = new long[labels.size()];
        this.falsePositives = new long[labels.size()];
        this.falseNegatives = new long[labels.size()];
    }

    /**
     * The labels of a CSV label field, each mapped with {@code labelMap}.
     *
     * @throws IllegalArgumentException when a label is empty or not one of {@code known}
     */
    static Set<String> labelSet(String field, Map<String, String> labelMap, List<String> known) {
        Set<String> set = new LinkedHashSet<>();
        for (String part : field.split("\\" + SEPARATOR, -1)) {
            String label = labelMap.getOrDefault(part.strip(), part.strip());
            if (label.isEmpty()) {
                throw new IllegalArgumentException("label field '" + field + "' has an empty label");
            }
            if (!known.contains(label)) {
                throw new IllegalArgumentException("label '" + label + "' (in '" + field + "') is not one of the bundle's "
                        + "labels " + known + "; map it with --label-map");
            }
            set.add(label);
        }
        return set;
    }

    /** The labels whose probability reaches their threshold. */
    static Set<String> predicted(double[] probabilities, double[] thresholds, List<String> labels) {
        Set<String> set = new LinkedHashSet<>();
        for (int l = 0; l < probabilities.length; l++) {
            if (probabilities[l] >= thresholds[l]) {
                set.add(labels.get(l));
            }
        }
        return set;
    }

    void add(Set<String> gold, Set<String> predicted) {
        examples++;
        exact += gold.equals(predicted) ? 1 : 0;
        for (int l = 0; l < labels.size(); l++) {
            boolean g = gold.contains(labels.get(l));
            boolean p = predicted.contains(labels.get(l));
            truePositives[l] += g && p ? 1 : 0;
            falsePositives[l] += !g && p ? 1 : 0;
            falseNegatives[l] += g && !p ? 1 : 0;
        }
    }

    private static double f1(long tp, long fp, long fn) {
        return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    double microF1() {
        return f1(Arrays.stream(truePositives).sum(), Arrays.stream(falsePositives).sum(),
                Arrays.stream(falseNegatives).sum());
    }

    double macroF1() {
        double sum = 0;
        for (int l = 0; l < labels.size(); l++) {
            sum += f1(truePositives[l], falsePositives[l], falseNegatives[l]);
        }
        return sum / labels.size();
    }

    double exactMatch() {
        return examples == 0 ? 0.0 : (double) exact / examples;
    }

    double hammingLoss() {
        long wrong = Arrays.stream(falsePositives).sum() + Arrays.stream(falseNegatives).sum();
        return examples == 0 ? 0.0 : (double) wrong / (examples * labels.size());
    }

    /** The headline numbers and {@code perLabel}: label → precision, recall, F1, support (texts that carry it). */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("examples", examples);
        map.put("microF1", microF1());
        map.put("macroF1", macroF1());
        map.put("exactMatch", exactMatch());
        map.put("hammingLoss", hammingLoss());
        Map<String, Map<String, Object>> perLabel = new LinkedHashMap<>();
        for (int l = 0; l < labels.size(); l++) {
            long tp = truePositives[l];
            long fp = falsePositives[l];
            long fn = falseNegatives[l];
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("precision", tp + fp == 0 ? 0.0 : (double) tp / (tp + fp));
            one.put("recall", tp + fn == 0 ? 0.0 : (double) tp / (tp + fn));
            one.put("f1", f1(tp, fp, fn));
            one.put("support", tp + fn);
            perLabel.put(labels.get(l), one);
        }
        map.put("perLabel", perLabel);
        map.put("labels", new ArrayList<>(labels));
        return map;
    }
}
