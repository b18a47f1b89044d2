package dev.sift.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.Prediction;
import dev.sift.model.TextClassifier;
import dev.sift.text.DatasetCsv;

/**
 * Would a model optimized once at bundle build time (ONNX Runtime's graph optimizations at level
 * "all", saved with {@code SessionOptions.setOptimizedModelFilePath}) and loaded with
 * optimizations off create its session faster, with the same predictions?
 * <ol>
 * <li>writes {@code <out>}: the bundle with its model.onnx replaced by the optimized graph (manifest
 * checksums updated), to be served with {@code sift.inference.optimization-level=none};</li>
 * <li>loads each (original at "all", optimized at "none") ROUNDS times, alternating, and reports
 * the median of TextClassifier.load (session creation, signature check, label prototypes);</li>
 * <li>classifies every text of the CSV with both and reports label agreement and the largest
 * probability difference.</li>
 * </ol>
 * Usage: {@code PreOptimizedModelBench <bundle> <out dir> <texts.csv> [rounds]}; the cold-start
 * figure in a fresh JVM comes from LambdaColdStart with the written bundle (src/bench/lambda-coldstart.sh).
 */
public final class PreOptimizedModelBench {
    private PreOptimizedModelBench() {
    }

    public static void main(String[] args) throws Exception {
        ModelBundle original = ModelBundle.load(args[0]);
        Path out = Path.of(args[1]);
        List<DatasetCsv.Row> rows = DatasetCsv.read(Path.of(args[2]));
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        String level = args.length > 4 ? args[4] : "all";
        int threads = Runtime.getRuntime().availableProcessors();
        writeOptimized(original, out, threads, level);
        ModelBundle optimized = ModelBundle.load(out.toString());
        InferenceSettings all = new InferenceSettings(threads, "all", true);
        InferenceSettings none = new InferenceSettings(threads, "none", true);

        List<Long> originalMillis = new ArrayList<>();
        List<Long> optimizedMillis = new ArrayList<>();
        List<Long> reoptimizedMillis = new ArrayList<>();
        for (int round = 0; round < rounds + 1; round++) { // round 0 warms class loading up; not counted
            long a = loadMillis(original, all);
            long b = loadMillis(optimized, none);
            long c = loadMillis(optimized, all);
            if (round > 0) {
                originalMillis.add(a);
                optimizedMillis.add(b);
                reoptimizedMillis.add(c);
            }
        }

        int agree = 0;
        double maxDiff = 0;
        try (TextClassifier a = TextClassifier.load(original, all); TextClassifier b = TextClassifier.load(optimized, none)) {
            int labels = a.info().labels().size();
            for (DatasetCsv.Row row : rows) {
                Prediction pa = a.classify(List.of(row.text()), labels).get(0);
                Prediction pb = b.classify(List.of(row.text()), labels).get(0);
                if (pa.label().equals(pb.label())) {
                    agree++;
                }
                for (var e : pa.scores().entrySet()) {
                    maxDiff = Math.max(maxDiff, Math.abs(e.getValue() - pb.scores().get(e.getKey())));
                }
            }
        }
        System.out.printf("model.onnx: original %d bytes, pre-optimized %d bytes (ORT %s, level %s, %d threads)%n",
                original.modelBytes().length, optimized.modelBytes().length, OrtEnvironment.getEnvironment().getVersion(), level,
                threads);
        System.out.printf("TextClassifier.load (session + signature + label prototypes), median of %d, same JVM after one warm-up:%n", rounds);
        System.out.printf("  original, optimization all:       %4d ms   %s%n", median(originalMillis), originalMillis);
        System.out.printf("  pre-optimized, optimization none: %4d ms   %s%n", median(optimizedMillis), optimizedMillis);
        System.out.printf("  pre-optimized, optimization all:  %4d ms   %s%n", median(reoptimizedMillis), reoptimizedMillis);
        System.out.printf("predictions on %s (%d texts): labels agree %d/%d, max |probability difference| %.2e%n",
                args[2], rows.size(), agree, rows.size(), maxDiff);
    }

    private static void writeOptimized(ModelBundle bundle, Path out, int threads, String level) throws Exception {
        Files.createDirectories(out);
        Path model = out.resolve("model.onnx");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(level.equals("extended") ? OrtSession.SessionOptions.OptLevel.EXTENDED_OPT
                    : OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setOptimizedModelFilePath(model.toString());
            OrtEnvironment.getEnvironment().createSession(bundle.modelBytes(), options).close();
        }
        Files.write(out.resolve("tokenizer.json"), bundle.tokenizerBytes());
        ObjectMapper json = new ObjectMapper();
        String location = bundle.location();
        ObjectNode manifest = (ObjectNode) (location.startsWith("classpath:")
                ? json.readTree(ModelBundle.class.getClassLoader().getResourceAsStream(
                        location.substring("classpath:".length()) + "/manifest.json"))
                : json.readTree(Path.of(location, "manifest.json").toFile()));
        byte[] optimized = Files.readAllBytes(model);
        ((ObjectNode) manifest.get("files").get("model.onnx")).put("sha256", ModelBundle.sha256(optimized))
                .put("bytes", optimized.length);
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("manifest.json").toFile(), manifest);
    }

    private static long loadMillis(ModelBundle bundle, InferenceSettings settings) {
        long start = System.nanoTime();
        try (TextClassifier classifier = TextClassifier.load(bundle, settings)) {
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
