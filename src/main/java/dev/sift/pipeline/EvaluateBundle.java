package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.Prediction;
import dev.sift.model.TextClassifier;

/**
 * Evaluates a bundle on a labelled CSV with the serving classifier itself and writes
 * {@code OUT/metrics.json} (accuracy, macro-F1, per-class P/R/F1, confusion matrix, expected
 * calibration error with its reliability bins, latency) and {@code OUT/report.html}.
 *
 * <pre>EvaluateBundle BUNDLE DATA.csv OUT [--label-map 0=negative,1=positive] [--threads N]</pre>
 *
 * {@code --label-map} maps the CSV's label values to the bundle's, e.g. htl's {@code 0/1} to the
 * default bundle's {@code negative/positive}.
 */
public final class EvaluateBundle {
    private EvaluateBundle() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: EvaluateBundle BUNDLE DATA.csv OUT [--label-map a=x,b=y] [--threads N]");
            System.exit(2);
        }
        Map<String, String> labelMap = new LinkedHashMap<>();
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 3; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--label-map" -> Arrays.stream(args[i + 1].split(",")).map(p -> p.split("=", 2))
                        .forEach(p -> labelMap.put(p[0], p[1]));
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Object> metrics = evaluate(args[0], Path.of(args[1]), labelMap, threads);
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("metrics.json").toFile(), metrics);
        Files.writeString(out.resolve("report.html"), EvaluationReport.html(metrics));
        System.out.printf("accuracy %.4f  macroF1 %.4f  ECE %.4f  on %d examples -> %s, %s%n", metrics.get("accuracy"),
                metrics.get("macroF1"), metrics.get("expectedCalibrationError"), metrics.get("examples"),
                out.resolve("metrics.json"), out.resolve("report.html"));
    }

    public static Map<String, Object> evaluate(String bundleLocation, Path csv, Map<String, String> labelMap,
            int threads) throws IOException {
        List<LabeledCsv.Row> rows = LabeledCsv.read(csv, "label", "text");
        try (TextClassifier classifier = TextClassifier.load(ModelBundle.load(bundleLocation),
                InferenceSettings.defaults().withIntraOpThreads(threads))) {
            ClassificationMetrics metrics = new ClassificationMetrics(classifier.info().labels());
            CalibrationBins calibration = new CalibrationBins(10);
            List<Double> latencies = new ArrayList<>();
            for (LabeledCsv.Row row : rows) {
                // One text per call: the latency a single client sees, and every text scored alone.
                long start = System.nanoTime();
                Prediction p = classifier.classify(List.of(row.text()), 1).get(0);
                latencies.add((System.nanoTime() - start) / 1e6);
                String gold = labelMap.getOrDefault(row.label(), row.label());
                metrics.add(gold, p.label());
                calibration.add(p.score(), gold.equals(p.label()));
            }
            Map<String, Object> result = metrics.toMap();
            result.put("expectedCalibrationError", calibration.expectedCalibrationError());
            result.put("reliability", calibration.bins());
            latencies.sort(Double::compare);
            result.put("latencyMs", Map.of("p50", latencies.get(latencies.size() / 2),
                    "p99", latencies.get(Math.min(latencies.size() - 1, (int) (latencies.size() * 0.99))),
                    "threads", threads, "batch", 1));
            result.put("bundle", Map.of("name", classifier.info().name(), "version", classifier.info().version()));
            result.put("data", csv.toString());
            return result;
        }
    }
}
