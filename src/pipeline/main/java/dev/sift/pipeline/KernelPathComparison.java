package dev.sift.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.model.CpuDescription;
import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.TextClassifier;
import dev.sift.registry.BundleLocations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs one bundle two ways on this CPU, every text alone: the fused graph that serving uses
 * (optimization level {@code all}: QDQ pairs become ONNX Runtime's integer kernels, whose
 * arithmetic depends on the processor) and the reference graph (level {@code none}:
 * DequantizeLinear and float MatMul). Reports label agreement, the largest probability
 * difference, quantiles of the log-probability difference, and each path's accuracy.
 *
 * <p>The two paths never agree to the last bit: with fixed activation scales, a float difference
 * of 1e-7 flips the rounding of a few activations, and each flip moves the next layer's inputs
 * by a whole quantization step. What a CPU-independent int8 scheme must avoid is a systematic
 * gap, such as the saturating 16-bit pair sums of x86 U8S8 kernels without VNNI.
 *
 * <pre>KernelPathComparison BUNDLE DATA.csv [--label-map 0=negative,1=positive] [--limit N]
 *     [--fused-level all|extended|basic]</pre>
 */
public final class KernelPathComparison {
    public static final String FUSED = "all";
    public static final String REFERENCE = "none";

    /**
     * @param logProbDiffMedian median over texts of the largest |log p_fused - log p_reference| over labels
     * @param logProbDiffP99    its 99th percentile
     */
    public record Result(int examples, int agreeing, double maxProbabilityDiff, int worstRow,
            double logProbDiffMedian, double logProbDiffP99, double fusedAccuracy, double referenceAccuracy,
            CpuDescription cpu) {

        public double agreement() {
            return (double) agreeing / examples;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("examples", examples);
            m.put("labelAgreement", agreement());
            m.put("disagreeing", examples - agreeing);
            m.put("maxProbabilityDiff", maxProbabilityDiff);
            m.put("worstRow", worstRow);
            m.put("logProbDiffMedian", logProbDiffMedian);
            m.put("logProbDiffP99", logProbDiffP99);
            m.put("fusedAccuracy", fusedAccuracy);
            m.put("referenceAccuracy", referenceAccuracy);
            m.put("cpu", cpu.toMap());
            return m;
        }
    }

    private KernelPathComparison() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "KernelPathComparison", sortOptions = false,
            description = "Score every text of a labelled CSV alone through the fused and the reference graph; print JSON.")
    static final class Cli implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommandLineTool.Help help;
        @Mixin
        CommandLineTool.BundleOnData input;
        @Mixin
        LabelMap.Option labelMap;
        @Option(names = "--limit", paramLabel = "N", description = "Only the first N rows.")
        int limit = Integer.MAX_VALUE;
        @Option(names = "--fused-level", paramLabel = "LEVEL", defaultValue = FUSED,
                description = "Optimization level of the fused path: all, extended or basic (default: ${DEFAULT-VALUE}).")
        String fusedLevel;

        @Override
        public Integer call() throws IOException {
            if (!List.of("all", "extended", "basic").contains(fusedLevel)) {
                throw CommandLineTool.badArgument(spec, "--fused-level is all, extended or basic, got '" + fusedLevel + "'");
            }
            if (limit < 1) {
                throw CommandLineTool.badArgument(spec, "--limit must be at least 1, got " + limit);
            }
            List<LabeledCsv.Row> rows = LabeledCsv.read(input.data);
            rows = rows.subList(0, Math.min(limit, rows.size()));
            ModelBundle model = BundleLocations.load(input.bundle);
            InferenceSettings oneThread = InferenceSettings.defaults().withIntraOpThreads(1);
            List<String> texts = rows.stream().map(LabeledCsv.Row::text).toList();
            Result r = compare(model, rows, labelMap.map,
                    scoreAlone(model, texts, oneThread.withOptimizationLevel(fusedLevel)), oneThread);
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r.toMap()));
            return 0;
        }
    }

    /** Both paths, {@code threads} intra-op threads each. */
    public static Result compare(ModelBundle bundle, List<LabeledCsv.Row> rows, Map<String, String> labelMap,
            int threads) {
        InferenceSettings settings = InferenceSettings.defaults().withIntraOpThreads(threads);
        List<String> texts = rows.stream().map(LabeledCsv.Row::text).toList();
        return compare(bundle, rows, labelMap, scoreAlone(bundle, texts, settings.withOptimizationLevel(FUSED)),
                settings);
    }

    /** The reference path against probabilities the fused path already gave, row for row. */
    public static Result compare(ModelBundle bundle, List<LabeledCsv.Row> rows, Map<String, String> labelMap,
            List<double[]> fused, InferenceSettings settings) {
        List<String> texts = rows.stream().map(LabeledCsv.Row::text).toList();
        List<double[]> reference = scoreAlone(bundle, texts, settings.withOptimizationLevel(REFERENCE));
        List<String> labels = bundle.manifest().labels();
        int n = rows.size();
        int agreeing = 0;
        int fusedCorrect = 0;
        int referenceCorrect = 0;
        int worst = -1;
        double maxDiff = 0;
        double[] logDiffs = new double[n];
        for (int i = 0; i < n; i++) {
            double[] f = fused.get(i);
            double[] r = reference.get(i);
            agreeing += argmax(f) == argmax(r) ? 1 : 0;
            String gold = labelMap.getOrDefault(rows.get(i).label(), rows.get(i).label());
            fusedCorrect += labels.get(argmax(f)).equals(gold) ? 1 : 0;
            referenceCorrect += labels.get(argmax(r)).equals(gold) ? 1 : 0;
            for (int l = 0; l < labels.size(); l++) {
                double d = Math.abs(f[l] - r[l]);
                if (d > maxDiff) {
                    maxDiff = d;
                    worst = i;
                }
                logDiffs[i] = Math.max(logDiffs[i], Math.abs(Math.log(f[l]) - Math.log(r[l])));
            }
        }
        Arrays.sort(logDiffs);
        return new Result(n, agreeing, maxDiff, worst, logDiffs[n / 2], logDiffs[Math.min(n - 1, n * 99 / 100)],
                (double) fusedCorrect / n, (double) referenceCorrect / n, CpuDescription.ofThisMachine());
    }

    private static List<double[]> scoreAlone(ModelBundle bundle, List<String> texts, InferenceSettings settings) {
        try (TextClassifier classifier = TextClassifier.load(bundle, settings)) {
            List<double[]> out = new ArrayList<>(texts.size());
            for (String text : texts) {
                out.add(classifier.probabilities(List.of(text))[0]);
            }
            return out;
        }
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
