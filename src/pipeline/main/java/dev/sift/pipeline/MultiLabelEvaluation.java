package dev.sift.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sift.model.TextClassifier;

/**
 * EvaluateBundle for a multi-label bundle: each text scored alone through the serving classifier,
 * its label set (every label at or over the bundle's threshold) against the CSV's
 * {@code |}-separated labels. Reports the metrics at the bundle's per-label thresholds and, to
 * show what those buy, at one shared 0.5; the thresholds; the most confident wrong label decisions;
 * and single-text latency.
 */
final class MultiLabelEvaluation {
    private MultiLabelEvaluation() {
    }

    static Map<String, Object> evaluate(TextClassifier classifier, List<LabeledCsv.Row> rows, Map<String, String> labelMap,
            int threads) {
        List<String> labels = classifier.info().labels();
        double[] thresholds = classifier.manifest().thresholds().inLabelOrder();
        double[] half = new double[labels.size()];
        Arrays.fill(half, 0.5);
        MultiLabelMetrics atThresholds = new MultiLabelMetrics(labels);
        MultiLabelMetrics atHalf = new MultiLabelMetrics(labels);
        ConfidentMistakes mistakes = new ConfidentMistakes(20);
        List<Double> latencies = new ArrayList<>(rows.size());
        long predictedLabels = 0;
        long empty = 0;
        for (int i = 0; i < rows.size(); i++) {
            LabeledCsv.Row row = rows.get(i);
            Set<String> gold;
            try {
                gold = MultiLabelMetrics.labelSet(row.label(), labelMap, labels);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + (i + 2) + ": " + e.getMessage(), e);
            }
            long start = System.nanoTime();
            double[] p = classifier.probabilities(List.of(row.text()))[0]; // what classify serves
            latencies.add((System.nanoTime() - start) / 1e6);
            Set<String> predicted = MultiLabelMetrics.predicted(p, thresholds, labels);
            atThresholds.add(gold, predicted);
            atHalf.add(gold, MultiLabelMetrics.predicted(p, half, labels));
            predictedLabels += predicted.size();
            empty += predicted.isEmpty() ? 1 : 0;
            if (!gold.equals(predicted)) {
                mistakes.add(i + 2, row.text(), String.join("|", gold), String.join("|", predicted),
                        surestWrongDecision(p, gold, predicted, labels));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kind", "multilabel");
        result.putAll(atThresholds.toMap());
        Map<String, Object> thresholdsByLabel = new LinkedHashMap<>();
        for (int l = 0; l < labels.size(); l++) {
            thresholdsByLabel.put(labels.get(l), thresholds[l]);
        }
        result.put("thresholds", thresholdsByLabel);
        Map<String, Object> shared = atHalf.toMap();
        shared.remove("perLabel");
        shared.remove("labels");
        result.put("atSharedThreshold05", shared);
        result.put("meanPredictedLabels", (double) predictedLabels / rows.size());
        result.put("textsWithNoLabel", empty);
        result.put("confidentMistakes", mistakes.toList());
        result.put("latencyMs", EvaluateBundle.latencyMs(latencies, threads));
        result.put("bundle", Map.of("name", classifier.info().name(), "version", classifier.info().version()));
        return result;
    }

    /**
     * How sure the model was of its worst wrong decision on this text: a label given that is not
     * true scores its probability, a true label missed scores one minus its probability.
     */
    private static double surestWrongDecision(double[] p, Set<String> gold, Set<String> predicted, List<String> labels) {
        double surest = 0;
        for (int l = 0; l < labels.size(); l++) {
            boolean g = gold.contains(labels.get(l));
            boolean pr = predicted.contains(labels.get(l));
            if (pr && !g) {
                surest = Math.max(surest, p[l]);
            } else if (g && !pr) {
                surest = Math.max(surest, 1 - p[l]);
            }
        }
        return surest;
    }
}
