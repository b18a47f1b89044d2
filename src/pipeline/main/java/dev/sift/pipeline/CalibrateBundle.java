package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sift.model.BundleKind;
import dev.sift.model.BundleManifest;
import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.ScoreCalibration;
import dev.sift.model.TextClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code make calibrate}: fits a bundle's temperature on validation data and chooses the
 * abstention threshold it recommends, and writes both into its manifest.json
 * ({@code calibration}, {@code abstention}; {@link ScoreCalibration} reads them).
 *
 * <pre>CalibrateBundle BUNDLE_DIR VAL.csv [--label-map 0=negative,1=positive] [--target-accuracy 0.97] [--version V] [--apply-min-score]</pre>
 *
 * The threshold is the lowest calibrated top score at which the val texts answered are right at
 * least {@code --target-accuracy} of the time. It is recommended, not applied: applying it makes
 * some answers {@code "label": null}, which existing clients may not expect; {@code --apply-min-score}
 * applies it (manifest {@code abstention.minScore}) for a deployment that wants that. Only
 * manifest.json changes: model.onnx and tokenizer.json, whose hashes it lists, stay as they are.
 * A multi-label bundle's per-label thresholds are chosen instead ({@link MultiLabelThresholds}).
 */
public final class CalibrateBundle {
    private CalibrateBundle() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "CalibrateBundle", sortOptions = false,
            description = "Fit a bundle's temperature and recommended abstention threshold on validation data (manifest.json).")
    static final class Cli implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommandLineTool.Help help;
        @Parameters(index = "0", paramLabel = "BUNDLE_DIR", description = "The bundle directory; its manifest.json is rewritten.")
        Path bundleDir;
        @Parameters(index = "1", paramLabel = "VAL.csv", description = "Labelled validation CSV (label,text), not the test split.")
        Path data;
        @Mixin
        LabelMap.Option labelMap;
        @Option(names = "--target-accuracy", paramLabel = "A", description = "Accuracy the recommended threshold keeps on val (default: ${DEFAULT-VALUE}).")
        double targetAccuracy = 0.97;
        @Option(names = "--version", paramLabel = "V", description = "A new version for the bundle (its scores change).")
        String version;
        @Option(names = "--apply-min-score", description = "Also apply the threshold by default (abstention.minScore).")
        boolean apply;
        @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads (default: the number of CPUs).")
        int threads = Runtime.getRuntime().availableProcessors();

        @Override
        public Integer call() throws IOException {
            if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
                throw CommandLineTool.badArgument(spec, "--target-accuracy must be in (0, 1], got " + targetAccuracy);
            }
            if (!Files.isRegularFile(bundleDir.resolve("manifest.json"))) {
                throw CommandLineTool.badArgument(spec, bundleDir + " is not a bundle directory (no manifest.json)");
            }
            Map<String, Object> fit = calibrate(bundleDir, data, labelMap.map, targetAccuracy, version, apply, threads);
            if (fit.containsKey("thresholds")) {
                System.out.printf("per-label thresholds %s (val micro-F1 %.4f -> %.4f) -> %s%n", fit.get("thresholds"),
                        fit.get("valMicroF1Before"), fit.get("valMicroF1After"), bundleDir.resolve("manifest.json"));
                return 0;
            }
            System.out.printf("temperature %.4f (log-loss %.4f -> %.4f, val ECE %.4f -> %.4f); recommended minScore %s "
                    + "(val: %s coverage at %s accuracy) -> %s%n", fit.get("temperature"), fit.get("logLossBefore"),
                    fit.get("logLossAfter"), fit.get("eceBefore"), fit.get("eceAfter"), fit.get("recommendedMinScore"),
                    fit.get("valCoverage"), fit.get("valAccuracy"), bundleDir.resolve("manifest.json"));
            return 0;
        }
    }

    /** Writes a manifest that must load, in the layout of the manifests in models/ (so a diff shows only what changed). */
    static void writeManifest(Path manifestFile, ObjectNode manifest) throws IOException {
        ObjectMapper json = new ObjectMapper();
        BundleManifest.parse(json.writeValueAsBytes(manifest));
        // "key": value, one array item per line
        DefaultPrettyPrinter layout = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        Files.writeString(manifestFile, json.writer(layout).writeValueAsString(manifest) + "\n");
    }

    /**
     * Fits, writes manifest.json, and returns what it wrote. A multi-label bundle gets its per-label
     * thresholds chosen instead ({@link MultiLabelThresholds}).
     */
    static Map<String, Object> calibrate(Path bundleDir, Path valCsv, Map<String, String> labelMap, double target,
            String version, boolean apply, int threads) throws IOException {
        List<LabeledCsv.Row> rows = LabeledCsv.read(valCsv);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(valCsv + " has no rows to calibrate on");
        }
        if (BundleManifest.parse(Files.readAllBytes(bundleDir.resolve("manifest.json"))).kind() == BundleKind.MULTILABEL) {
            return MultiLabelThresholds.choose(bundleDir, rows, valCsv, labelMap, version, threads);
        }
        double[][] logits;
        List<String> labels;
        try (TextClassifier classifier = TextClassifier.load(ModelBundle.load(bundleDir.toString()),
                InferenceSettings.defaults().withIntraOpThreads(threads))) {
            labels = classifier.info().labels();
            List<String> texts = rows.stream().map(LabeledCsv.Row::text).toList();
            logits = new double[texts.size()][];
            for (int i = 0; i < texts.size(); i += 64) {
                double[][] chunk = classifier.logits(texts.subList(i, Math.min(texts.size(), i + 64)));
                System.arraycopy(chunk, 0, logits, i, chunk.length);
            }
        }
        int[] gold = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String label = labelMap.getOrDefault(rows.get(i).label(), rows.get(i).label());
            gold[i] = labels.indexOf(label);
            if (gold[i] < 0) {
                throw new IllegalArgumentException(valCsv + " row " + (i + 2) + ": label '" + rows.get(i).label()
                        + "' is not one of the bundle's " + labels + (labelMap.isEmpty() ? "; pass --label-map" : ""));
            }
        }
        double temperature = TemperatureFit.fit(logits, gold);
        ScoreCalibration fitted = new ScoreCalibration(temperature, null, null);
        double[] top = new double[rows.size()];
        boolean[] correct = new boolean[rows.size()];
        CalibrationBins before = new CalibrationBins(10);
        CalibrationBins after = new CalibrationBins(10);
        for (int i = 0; i < rows.size(); i++) {
            double[] raw = ScoreCalibration.NONE.probabilities(logits[i]);
            double[] p = fitted.probabilities(logits[i]);
            int best = KernelPathComparison.argmax(p);
            top[i] = p[best];
            correct[i] = best == gold[i];
            before.add(raw[best], correct[i]);
            after.add(p[best], correct[i]);
        }
        RiskCoverage.Threshold threshold = new RiskCoverage(top, correct).lowestThresholdFor(target);

        Path manifestFile = bundleDir.resolve("manifest.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(manifestFile.toFile());
        ObjectNode calibration = manifest.putObject("calibration");
        calibration.put("temperature", temperature).put("method", "temperature scaling, log-loss on validation data")
                .put("fittedOn", valCsv.getFileName().toString()).put("examples", rows.size())
                .put("logLossBefore", TemperatureFit.logLoss(logits, gold, 1.0))
                .put("logLossAfter", TemperatureFit.logLoss(logits, gold, temperature))
                .put("eceBefore", before.expectedCalibrationError()).put("eceAfter", after.expectedCalibrationError());
        ObjectNode abstention = manifest.putObject("abstention");
        abstention.put("target", "accuracy >= " + target + " on the validation texts answered");
        if (threshold != null) {
            abstention.put("recommendedMinScore", threshold.minScore()).put("valCoverage", threshold.coverage())
                    .put("valAccuracy", threshold.accuracy());
            if (apply) {
                abstention.put("minScore", threshold.minScore());
            }
        }
        if (version != null) {
            manifest.put("version", version);
        }
        writeManifest(manifestFile, manifest);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("temperature", temperature);
        result.put("logLossBefore", calibration.get("logLossBefore").asDouble());
        result.put("logLossAfter", calibration.get("logLossAfter").asDouble());
        result.put("eceBefore", before.expectedCalibrationError());
        result.put("eceAfter", after.expectedCalibrationError());
        result.put("recommendedMinScore", threshold == null ? null : threshold.minScore());
        result.put("valCoverage", threshold == null ? null : threshold.coverage());
        result.put("valAccuracy", threshold == null ? null : threshold.accuracy());
        return result;
    }
}
