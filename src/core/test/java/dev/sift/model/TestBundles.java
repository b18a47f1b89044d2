package dev.sift.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Copies classpath bundles into temp directories so tests can load, corrupt or re-configure them. */
public final class TestBundles {
    public static final String TINY = "bundles/tiny-classifier";
    /** tiny-classifier's graph as a {@code multilabel} bundle: three independent labels, each with threshold 0.6. */
    public static final String TINY_MULTILABEL = "bundles/tiny-multilabel";
    /** The default bundle the application serves: the fine-tuned htl classifier from models/review-sentiment. */
    public static final String DEFAULT = "sift/bundles/default";
    /**
     * The zero-shot embedding bundle the build makes onto the test classpath from the untrained int8
     * bge-small-zh encoder (dynamically quantized graph, served per item).
     */
    public static final String EMBEDDING = "bundles/zh-sentiment-embedding";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestBundles() {
    }

    public static Path copy(String classpathFolder, Path target) {
        try {
            Files.createDirectories(target);
            for (String name : new String[] {"manifest.json", "model.onnx", "tokenizer.json"}) {
                try (InputStream in = TestBundles.class.getClassLoader()
                        .getResourceAsStream(classpathFolder + "/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException(classpathFolder + "/" + name + " is not on the test classpath");
                    }
                    Files.copy(in, target.resolve(name));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tiny classifier copied to {@code target} with {@code calibration.temperature} set. */
    public static Path tinyWithTemperature(Path target, double temperature) {
        Path bundle = copy(TINY, target);
        editManifest(bundle, m -> {
            m.putObject("calibration").put("temperature", temperature);
            return m;
        });
        return bundle;
    }

    /** Rewrites manifest.json of a copied bundle. */
    public static void editManifest(Path bundle, UnaryOperator<ObjectNode> edit) {
        try {
            ObjectNode manifest = (ObjectNode) JSON.readTree(bundle.resolve("manifest.json").toFile());
            JSON.writeValue(bundle.resolve("manifest.json").toFile(), edit.apply(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InferenceSettings oneThread() {
        return InferenceSettings.defaults().withIntraOpThreads(1);
    }
}
