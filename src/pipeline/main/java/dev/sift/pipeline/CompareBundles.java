package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.TextClassifier;
import dev.sift.registry.BundleLocations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Compares a candidate bundle (the int8 model) with a reference (the same model in fp32) on a
 * labelled CSV, through the serving classifier: agreement of predicted labels, accuracy and
 * macro-F1 of each (for multi-label bundles: of label sets, micro/macro-F1 and exact match), model file sizes, single-thread batch-1 latency, and the candidate's batch
 * invariance (every text scored alone and inside padded batches of up to 32 length-sorted
 * neighbours; the largest probability difference is reported).
 *
 * <pre>CompareBundles REFERENCE CANDIDATE DATA.csv OUT</pre>
 *
 * Writes {@code OUT/comparison.json}.
 */
public final class CompareBundles {
    private CompareBundles() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "CompareBundles",
            description = "Compare a candidate bundle with a reference on a labelled CSV; write OUT/comparison.json.")
    static final class Cli implements Callable<Integer> {
        @Mixin
        CommandLineTool.Help help;
        @Parameters(index = "0", paramLabel = "REFERENCE", description = "The reference bundle (the fp32 model).")
        String reference;
        @Parameters(index = "1", paramLabel = "CANDIDATE", description = "The candidate bundle (the int8 model).")
        String candidate;
        @Parameters(index = "2", paramLabel = "DATA.csv", description = "Labelled CSV with label and text columns.")
        Path data;
        @Parameters(index = "3", paramLabel = "OUT", description = "Directory for comparison.json.")
        Path out;

        @Override
        public Integer call() throws IOException {
            Map<String, Object> result = compare(reference, candidate, data);
            Files.createDirectories(out);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("comparison.json").toFile(), result);
            System.out.println(new ObjectMapper().writeValueAsString(result));
            return 0;
        }
    }

    public static Map<String, Object> compare(String reference, String candidate, Path csv) throws IOException {
        List<LabeledCsv.Row> rows = LabeledCsv.read(csv);
        List<String> texts = rows.stream().map(LabeledCsv.Row::text).toList();
        Scored ref = score(reference, texts, rows, false);
        Scored cand = score(candidate, texts, rows, true);
        int agree = 0;
        for (int i = 0; i < rows.size(); i++) {
            agree += ref.answers.get(i).equals(cand.answers.get(i)) ? 1 : 0;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", csv.toString());
        result.put("examples", rows.size());
        // Single-label: the same top label; multi-label: the same label set, each at its bundle's thresholds.
        result.put("agreement", (double) agree / rows.size());
        String headline = ref.summary.containsKey("microF1") ? "microF1" : "accuracy";
        result.put(headline + "Drop", (double) ref.summary.get(headline) - (double) cand.summary.get(headline));
        result.put("reference", ref.summary);
        result.put("candidate", cand.summary);
        return result;
    }

    /** @param answers per text, its top label (single-label) or its label set (multi-label) */
    private record Scored(List<double[]> alone, List<Object> answers, Map<String, Object> summary) {
    }

    private static Scored score(String location, List<String> texts, List<LabeledCsv.Row> rows, boolean batches)
            throws IOException {
        ModelBundle bundle = BundleLocations.load(location);
        try (TextClassifier classifier = TextClassifier.load(bundle, InferenceSettings.defaults().withIntraOpThreads(1))) {
            List<String> labels = classifier.info().labels();
            List<double[]> alone = new ArrayList<>();
            List<Object> answers = new ArrayList<>();
            List<Double> latencies = new ArrayList<>();
            boolean multiLabel = classifier.multiLabel();
            ClassificationMetrics metrics = multiLabel ? null : new ClassificationMetrics(labels);
            MultiLabelMetrics setMetrics = multiLabel ? new MultiLabelMetrics(labels) : null;
            double[] thresholds = multiLabel ? classifier.manifest().thresholds().inLabelOrder() : null;
            for (int i = 0; i < texts.size(); i++) {
                long start = System.nanoTime();
                double[] p = classifier.probabilities(List.of(texts.get(i)))[0];
                latencies.add((System.nanoTime() - start) / 1e6);
                alone.add(p);
                if (multiLabel) {
                    Set<String> predicted = MultiLabelMetrics.predicted(p, thresholds, labels);
                    answers.add(predicted);
                    setMetrics.add(MultiLabelMetrics.labelSet(rows.get(i).label(), Map.of(), labels), predicted);
                } else {
                    answers.add(argmax(p));
                    metrics.add(rows.get(i).label(), labels.get(argmax(p)));
                }
            }
            latencies.sort(Double::compare);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("bundle", location);
            if (multiLabel) {
                summary.put("microF1", setMetrics.microF1());
                summary.put("macroF1", setMetrics.macroF1());
                summary.put("exactMatch", setMetrics.exactMatch());
            } else {
                summary.put("accuracy", metrics.accuracy());
                summary.put("macroF1", metrics.macroF1());
            }
            summary.put("modelBytes", bundle.modelBytes().length);
            summary.put("latencyMsBatch1OneThread", Map.of("p50", latencies.get(latencies.size() / 2),
                    "p90", latencies.get((int) (latencies.size() * 0.9))));
            if (batches) {
                // The classifier sorts a request by length and pads groups of 32: each text meets other neighbours
                // and other padding than when it is alone.
                double[][] together = classifier.probabilities(texts);
                double maxDiff = 0;
                for (int i = 0; i < texts.size(); i++) {
                    for (int l = 0; l < labels.size(); l++) {
                        maxDiff = Math.max(maxDiff, Math.abs(together[i][l] - alone.get(i)[l]));
                    }
                }
                summary.put("batchInvarianceMaxProbabilityDiff", maxDiff);
            }
            return new Scored(alone, answers, summary);
        }
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
