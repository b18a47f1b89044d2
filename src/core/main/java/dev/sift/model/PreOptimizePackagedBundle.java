package dev.sift.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Build step for the bundle packaged into the application (the serving pom runs it at
 * process-classes, after {@link VerifyPackagedBundle}, on target/classes/sift/bundles/default):
 * rewrites {@code model.onnx} as the graph ONNX Runtime itself makes of it at optimization level
 * {@code extended} (its fusions of attention, layer norms, GELU and the quantized matmuls), so that
 * every start skips those passes, with the weights as external data in {@code model.onnx.data}
 * ({@link BundleManifest#MODEL_DATA_FILE}), which ONNX Runtime maps from the file instead of
 * copying them into fresh memory. In one JVM, creating the session took 43-47 ms for the model as
 * trained against 26 ms for the extended-level graph (median of 7, PreOptimizedModelBench,
 * src/bench/results/preoptimized-model.txt); in fresh JVMs 46 ms for that graph in one file
 * against 21 ms with its weights beside it.
 *
 * <p>Level {@code extended}, not {@code all}: {@code all} adds layout changes for the CPU at hand,
 * and ONNX Runtime warns that such a model "should only be used in the same environment"; an
 * extended-level graph is the same on every CPU, and serving's usual level ({@code all}) finds
 * nothing left to fuse in it. The served answers must not change, so the step compares the
 * probabilities of both graphs on probe texts, loaded as serving loads them, and fails the build on
 * any difference over {@link #TOLERANCE}. The manifest gets the new SHA-256 and size, and keeps the
 * trained model's under {@code preOptimized}, with the ONNX Runtime version that wrote it. A bundle
 * already rewritten is left as it is.
 *
 * <p>{@code --single-file} keeps the weights inside {@code model.onnx}: for the native image, whose
 * bundle is an embedded resource with no file beside it, so that ONNX Runtime would have to be
 * handed a temporary copy of both files at every start ({@link ModelBundle}).
 *
 * <pre>PreOptimizePackagedBundle [--weights-apart | --single-file] DIR...</pre>
 */
public final class PreOptimizePackagedBundle {
    private static final String MODEL = BundleManifest.MODEL_FILE;
    static final String MANIFEST = "manifest.json";
    static final String RECORD = "preOptimized";
    static final double TOLERANCE = 1e-6;
    /** Reviews of several lengths and one text of no Chinese, to reach every path of the graph. */
    static final List<String> PROBES = List.of("房间干净，服务很好。", "太差了，再也不来了",
            "位置不错，早餐一般，前台态度冷淡，隔音很差，晚上被吵醒好几次，总体来说性价比不高。",
            "The room was fine.", "好".repeat(600));
    private static final ObjectMapper JSON = new ObjectMapper();

    private PreOptimizePackagedBundle() {
    }

    public static void main(String[] args) {
        boolean weightsApart = true;
        for (String arg : args) {
            switch (arg) {
                case "--weights-apart" -> weightsApart = true;
                case "--single-file" -> weightsApart = false;
                default -> System.out.println(rewrite(Path.of(arg).toAbsolutePath(), weightsApart));
            }
        }
    }

    static String rewrite(Path dir) {
        return rewrite(dir, true);
    }

    /**
     * Rewrites the bundle in {@code dir} (verified first, as any load does), its weights in
     * {@code model.onnx.data} when {@code weightsApart}; a line saying what was done.
     */
    static String rewrite(Path dir, boolean weightsApart) {
        ModelBundle original = ModelBundle.load(dir.toString());
        BundleManifest manifest = original.manifest();
        if (manifest.raw().has(RECORD)) {
            return "packaged bundle " + manifest.name() + " " + manifest.version() + ": model.onnx already pre-optimized ("
                    + manifest.raw().get(RECORD) + ")";
        }
        Path model = dir.resolve(MODEL);
        Path manifestFile = dir.resolve(MANIFEST);
        Path work = null;
        try {
            // Outside the bundle: nothing half-written may end up packaged.
            work = Files.createTempDirectory("sift-pre-optimize");
            for (String file : manifest.files().keySet()) {
                if (!file.equals(MODEL)) {
                    Files.createDirectories(work.resolve(file).getParent());
                    Files.copy(dir.resolve(file), work.resolve(file));
                }
            }
            String ortVersion = writeExtendedGraph(model, work.resolve(MODEL), weightsApart);
            byte[] rewritten = Files.readAllBytes(work.resolve(MODEL));
            Path weightsFile = work.resolve(BundleManifest.MODEL_DATA_FILE);
            // None when every initializer is under the threshold (a toy model): one file, as before.
            byte[] weights = Files.isRegularFile(weightsFile) ? Files.readAllBytes(weightsFile) : new byte[0];
            ObjectNode json = (ObjectNode) JSON.readTree(Files.readAllBytes(manifestFile));
            ObjectNode entry = (ObjectNode) json.get("files").get(MODEL);
            long trainedBytes = entry.get("bytes").asLong();
            json.putObject(RECORD).put("onnxRuntime", ortVersion).put("level", "extended")
                    .put("trainedSha256", entry.get("sha256").asText()).put("trainedBytes", trainedBytes);
            entry.put("sha256", ModelBundle.sha256(rewritten)).put("bytes", rewritten.length);
            if (weights.length > 0) {
                ((ObjectNode) json.get("files")).putObject(BundleManifest.MODEL_DATA_FILE)
                        .put("sha256", ModelBundle.sha256(weights)).put("bytes", weights.length);
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(work.resolve(MANIFEST).toFile(), json);
            double difference = largestDifference(original, ModelBundle.load(work.toString()));
            if (difference > TOLERANCE) {
                throw new IllegalStateException("the pre-optimized graph of " + dir + " answers differently from the"
                        + " trained one (largest probability difference " + difference + " > " + TOLERANCE
                        + "); the bundle is left as trained");
            }
            Files.copy(work.resolve(MODEL), model, StandardCopyOption.REPLACE_EXISTING);
            if (weights.length > 0) {
                Files.copy(weightsFile, dir.resolve(BundleManifest.MODEL_DATA_FILE), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.copy(work.resolve(MANIFEST), manifestFile, StandardCopyOption.REPLACE_EXISTING);
            // Start-up does not hash a packaged bundle (ModelBundle): the build's check must be of
            // the files as they now are.
            ModelBundle.load(dir.toString());
            String layout = weights.length > 0
                    ? String.format("a %d-byte graph and %d bytes of weights in %s", rewritten.length, weights.length,
                            BundleManifest.MODEL_DATA_FILE)
                    : String.format("%d bytes, weights inside", rewritten.length);
            return String.format("packaged bundle %s %s: model.onnx pre-optimized by ONNX Runtime %s at level extended"
                    + " (%d bytes -> %s; probabilities equal on %d probe texts, largest difference %.1e)",
                    manifest.name(), manifest.version(), ortVersion, trainedBytes, layout, PROBES.size(), difference);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pre-optimize " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(work);
        }
    }

    /** ONNX Runtime's own optimized graph of {@code model}, written to {@code out}; its version. */
    private static String writeExtendedGraph(Path model, Path out, boolean weightsApart) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            options.setIntraOpNumThreads(1);
            options.setOptimizedModelFilePath(out.toString());
            if (weightsApart) {
                // The weights as external data beside the graph, which ONNX Runtime then maps from the
                // file instead of copying them into new memory at every start (session 46 -> 21 ms).
                options.addConfigEntry("session.optimized_model_external_initializers_file_name", BundleManifest.MODEL_DATA_FILE);
                options.addConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes", "1024");
            }
            environment.createSession(model.toString(), options).close();
            return environment.getVersion();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not optimize " + model + ": " + e.getMessage(), e);
        }
    }

    /** Largest difference of any label's probability over the probes, both loaded as serving loads them. */
    static double largestDifference(ModelBundle a, ModelBundle b) {
        InferenceSettings serving = new InferenceSettings(Runtime.getRuntime().availableProcessors(), "all", true);
        double largest = 0;
        try (TextClassifier first = TextClassifier.load(a, serving); TextClassifier second = TextClassifier.load(b, serving)) {
            int labels = first.info().labels().size();
            List<Prediction> expected = first.classify(PROBES, labels);
            List<Prediction> actual = second.classify(PROBES, labels);
            for (int i = 0; i < PROBES.size(); i++) {
                for (Map.Entry<String, Double> score : expected.get(i).scores().entrySet()) {
                    largest = Math.max(largest, Math.abs(score.getValue() - actual.get(i).scores().get(score.getKey())));
                }
            }
        }
        return largest;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Directories.deleteTree(dir);
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
