package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.TextClassifier;

/**
 * {@code make calibrate} for a multi-label bundle: chooses each label's threshold on validation
 * data with the served model (the int8 graph, not the fp32 one the trainer chose them on) and writes
 * them into manifest.json ({@code thresholds}). Each threshold is the score in 0.05…0.95 (step 0.01)
 * that maximises that label's F1 on val, the lowest on a tie: the same rule as the trainer's
 * {@code choose_thresholds}, so only the model's scores differ. A temperature is not fitted: the
 * thresholds already decide, per label, where the scores are cut.
 */
final class MultiLabelThresholds {
    private MultiLabelThresholds() {
    }

    static Map<String, Object> choose(Path bundleDir, List<LabeledCsv.Row> rows, Path valCsv, Map<String, String> labelMap,
            String version, int threads) throws IOException {
        List<String> labels;
        double[] before;
        double[][] scores = new double[rows.size()][];
        try (TextClassifier classifier = TextClassifier.load(ModelBundle.load(bundleDir.toString()),
                InferenceSettings.defaults().withIntraOpThreads(threads))) {
            labels = classifier.info().labels();
            before = classifier.manifest().thresholds().inLabelOrder();
            List<String> texts = rows.stream().map(LabeledCsv.Row::text).toList();
            for (int i = 0; i < texts.size(); i += 64) {
                double[][] chunk = classifier.probabilities(texts.subList(i, Math.min(texts.size(), i + 64)));
                System.arraycopy(chunk, 0, scores, i, chunk.length);
            }
        }
        List<Set<String>> gold = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            try {
                gold.add(MultiLabelMetrics.labelSet(rows.get(i).label(), labelMap, labels));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(valCsv + " row " + (i + 2) + ": " + e.getMessage(), e);
            }
        }
        double[] chosen = new double[labels.size()];
        for (int l = 0; l < labels.size(); l++) {
            chosen[l] = bestThreshold(scores, gold, labels.get(l), l);
        }
        double microBefore = microF1(scores, gold, before, labels);
        double microAfter = microF1(scores, gold, chosen, labels);

        Path manifestFile = bundleDir.resolve("manifest.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(manifestFile.toFile());
        ObjectNode thresholds = manifest.putObject("thresholds");
        for (int l = 0; l < labels.size(); l++) {
            thresholds.put(labels.get(l), chosen[l]);
        }
        manifest.putObject("thresholdsChosen").put("method", "per-label F1 on validation data, served model")
                .put("on", valCsv.getFileName().toString()).put("examples", rows.size())
                .put("valMicroF1Before", microBefore).put("valMicroF1After", microAfter);
        if (version != null) {
            manifest.put("version", version);
        }
        CalibrateBundle.writeManifest(manifestFile, manifest);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("thresholds", json.convertValue(thresholds, Map.class));
        result.put("valMicroF1Before", microBefore);
        result.put("valMicroF1After", microAfter);
        return result;
    }

    private static double bestThreshold(double[][] scores, List<Set<String>> gold, String label, int l) {
        double best = 0.5;
        double bestF1 = -1;
        for (int step = 5; step <= 95; step++) {
            double t = step / 100.0;
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (int i = 0; i < scores.length; i++) {
                boolean g = gold.get(i).contains(label);
                boolean p = scores[i][l] >= t;
                tp += g && p ? 1 : 0;
                fp += !g && p ? 1 : 0;
                fn += g && !p ? 1 : 0;
            }
            double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            if (f1 > bestF1) {
                best = t;
                bestF1 = f1;
            }
        }
        return best;
    }

    private static double microF1(double[][] scores, List<Set<String>> gold, double[] thresholds, List<String> labels) {
        MultiLabelMetrics metrics = new MultiLabelMetrics(labels);
        for (int i = 0; i < scores.length; i++) {
            metrics.add(gold.get(i), MultiLabelMetrics.predicted(scores[i], thresholds, labels));
        }
        return metrics.microF1();
    }
}
