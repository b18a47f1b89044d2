package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.model.CpuDescription;
import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.ScoreCalibration;
import dev.sift.model.TextClassifier;
import dev.sift.registry.BundleLocations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Evaluates a bundle on a labelled CSV with the serving classifier itself and writes
 * {@code OUT/metrics.json} (accuracy, macro-F1, per-class P/R/F1, confusion matrix, expected
 * calibration error with its reliability bins, latency), the CPU it ran on and the accuracy of
 * both kernel paths ({@link KernelPathComparison}), and {@code OUT/report.html}. A multi-label
 * bundle is evaluated by {@link MultiLabelEvaluation} (micro/macro-F1, exact match) on a CSV whose
 * label field lists each text's labels separated by {@code |}.
 *
 * <pre>EvaluateBundle BUNDLE DATA.csv OUT [--label-map 0=negative,1=positive] [--threads N]</pre>
 *
 * {@code --label-map} maps the CSV's label values to the bundle's, e.g. htl's {@code 0/1} to the
 * default bundle's {@code negative/positive}.
 */
public final class EvaluateBundle {
    private EvaluateBundle() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "EvaluateBundle", sortOptions = false,
            description = "Evaluate a bundle on a labelled CSV (label,text) and write OUT/metrics.json and OUT/report.html.")
    static final class Cli implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommandLineTool.Help help;
        @Mixin
        CommandLineTool.BundleOnData input;
        @Parameters(index = "2", paramLabel = "OUT", description = "Directory for metrics.json and report.html.")
        Path out;
        @Mixin
        LabelMap.Option labelMap;
        @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads (default: the number of CPUs).")
        int threads = Runtime.getRuntime().availableProcessors();

        @Override
        public Integer call() throws IOException {
            if (threads < 1) {
                throw CommandLineTool.badArgument(spec, "--threads must be at least 1, got " + threads);
            }
            Map<String, Object> metrics = evaluate(input.bundle, input.data, labelMap.map, threads);
            Files.createDirectories(out);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("metrics.json").toFile(), metrics);
            Files.writeString(out.resolve("report.html"), EvaluationReport.html(metrics));
            if ("multilabel".equals(metrics.get("kind"))) {
                System.out.printf("micro-F1 %.4f  macro-F1 %.4f  exact match %.4f  on %d examples (at a shared 0.5: "
                        + "micro-F1 %.4f) -> %s, %s%n", metrics.get("microF1"), metrics.get("macroF1"),
                        metrics.get("exactMatch"), metrics.get("examples"),
                        ((Map<?, ?>) metrics.get("atSharedThreshold05")).get("microF1"),
                        out.resolve("metrics.json"), out.resolve("report.html"));
                return 0;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> paths = (Map<String, Object>) metrics.get("kernelPaths");
            System.out.printf("accuracy %.4f  macroF1 %.4f  ECE %.4f  on %d examples -> %s, %s%n", metrics.get("accuracy"),
                    metrics.get("macroF1"), metrics.get("expectedCalibrationError"), metrics.get("examples"),
                    out.resolve("metrics.json"), out.resolve("report.html"));
            System.out.printf("kernel paths on %s: fused %.4f, reference %.4f, labels agree on %.2f%%%n",
                    metrics.get("cpu"), paths.get("fusedAccuracy"), paths.get("referenceAccuracy"),
                    100 * (double) paths.get("labelAgreement"));
            return 0;
        }
    }

    /** The served path's metrics, plus the reference path's ({@code kernelPaths}) and the CPU ({@code cpu}). */
    public static Map<String, Object> evaluate(String bundleLocation, Path csv, Map<String, String> labelMap,
            int threads) throws IOException {
        return evaluate(bundleLocation, csv, labelMap, threads, true);
    }

    /**
     * @param kernelPaths whether to run the reference graph too: it costs several times the served path
     *                    (DequantizeLinear of every weight on every call), so the promotion gate, which
     *                    compares served accuracy inside a Lambda's time limit, leaves it out
     */
    public static Map<String, Object> evaluate(String bundleLocation, Path csv, Map<String, String> labelMap,
            int threads, boolean kernelPaths) throws IOException {
        List<LabeledCsv.Row> rows = LabeledCsv.read(csv);
        ModelBundle bundle = BundleLocations.load(bundleLocation);
        InferenceSettings settings = InferenceSettings.defaults().withIntraOpThreads(threads);
        Map<String, Object> result;
        List<double[]> served = new ArrayList<>(rows.size());
        try (TextClassifier classifier = TextClassifier.load(bundle, settings)) {
            if (classifier.multiLabel()) {
                result = MultiLabelEvaluation.evaluate(classifier, rows, labelMap, threads);
                result.put("data", csv.toString());
                result.put("cpu", CpuDescription.ofThisMachine().toMap());
                return result;
            }
            List<String> labels = classifier.info().labels();
            ClassificationMetrics metrics = new ClassificationMetrics(labels);
            ScoreCalibration bundleCalibration = classifier.calibration();
            CalibrationBins calibration = new CalibrationBins(10);
            CalibrationBins uncalibrated = new CalibrationBins(10);
            ConfidentMistakes mistakes = new ConfidentMistakes(20);
            double[] topScores = new double[rows.size()];
            boolean[] correct = new boolean[rows.size()];
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                LabeledCsv.Row row = rows.get(i);
                // One text per call: the latency a single client sees, and every text scored alone.
                long start = System.nanoTime();
                double[] logits = classifier.logits(List.of(row.text()))[0];
                double[] p = bundleCalibration.probabilities(logits); // what classify serves
                latencies.add((System.nanoTime() - start) / 1e6);
                served.add(p);
                int top = KernelPathComparison.argmax(p);
                String gold = labelMap.getOrDefault(row.label(), row.label());
                metrics.add(gold, labels.get(top));
                correct[i] = gold.equals(labels.get(top));
                topScores[i] = p[top];
                calibration.add(p[top], correct[i]);
                uncalibrated.add(ScoreCalibration.NONE.probabilities(logits)[top], correct[i]);
                if (!correct[i]) {
                    mistakes.add(i + 2, row.text(), gold, labels.get(top), p[top]);
                }
            }
            result = metrics.toMap();
            result.put("expectedCalibrationError", calibration.expectedCalibrationError());
            result.put("reliability", calibration.bins());
            // The same predictions at temperature 1: what calibration changed (nothing, for an uncalibrated bundle).
            result.put("temperature", bundleCalibration.temperature());
            result.put("uncalibratedExpectedCalibrationError", uncalibrated.expectedCalibrationError());
            result.put("uncalibratedReliability", uncalibrated.bins());
            RiskCoverage selective = new RiskCoverage(topScores, correct);
            result.put("riskCoverage", selective.curve(50));
            result.put("accuracyAtCoverage80", selective.accuracyAtCoverage(0.8));
            result.put("accuracyAtCoverage90", selective.accuracyAtCoverage(0.9));
            Double recommended = bundleCalibration.recommendedMinScore();
            if (recommended != null) {
                result.put("atRecommendedMinScore", atThreshold(topScores, correct, recommended));
            }
            result.put("confidentMistakes", mistakes.toList());
            result.put("latencyMs", latencyMs(latencies, threads));
            result.put("bundle", Map.of("name", classifier.info().name(), "version", classifier.info().version()));
        }
        result.put("data", csv.toString());
        if (!kernelPaths) {
            result.put("cpu", CpuDescription.ofThisMachine().toMap());
            return result;
        }
        // The accuracy above is the served (fused) path's on this CPU; the reference path's is the
        // number another processor should reproduce within rounding noise.
        KernelPathComparison.Result paths = KernelPathComparison.compare(bundle, rows, labelMap, served, settings);
        result.put("cpu", paths.cpu().toMap());
        Map<String, Object> pathMetrics = paths.toMap();
        pathMetrics.remove("cpu");
        result.put("kernelPaths", pathMetrics);
        return result;
    }

    /** p50 and p99 of single-text calls, with the threads they ran on. */
    static Map<String, Object> latencyMs(List<Double> latencies, int threads) {
        List<Double> sorted = new ArrayList<>(latencies);
        sorted.sort(Double::compare);
        return Map.of("p50", sorted.get(sorted.size() / 2),
                "p99", sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))), "threads", threads, "batch", 1);
    }

    /** Coverage and accuracy on this data of the answers at or above {@code minScore}. */
    static Map<String, Object> atThreshold(double[] topScores, boolean[] correct, double minScore) {
        int answered = 0;
        int right = 0;
        for (int i = 0; i < topScores.length; i++) {
            if (topScores[i] >= minScore) {
                answered++;
                right += correct[i] ? 1 : 0;
            }
        }
        Map<String, Object> at = new java.util.LinkedHashMap<>();
        at.put("minScore", minScore);
        at.put("coverage", (double) answered / topScores.length);
        at.put("accuracy", answered == 0 ? 0.0 : (double) right / answered);
        return at;
    }
}
