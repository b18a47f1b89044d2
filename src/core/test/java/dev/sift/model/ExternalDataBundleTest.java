package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle whose model keeps its weights as ONNX external data ({@code model.onnx.data}), as the
 * build packages the default bundle (PreOptimizePackagedBundle): loaded from a classpath folder
 * (ONNX Runtime reads both files in place), from a directory (hashed, then handed over), and
 * written out again, always answering as the trained single-file model does.
 */
class ExternalDataBundleTest {
    private static final List<String> TEXTS = List.of("房间很干净，服务也热情", "太吵了，不会再来", "一般般");

    @TempDir
    static Path temp;
    static Path trained;
    static Path packaged;

    /** The default bundle as committed (tests run from the repository root). */
    private static final Path DEFAULT = Path.of("models/review-sentiment");

    @BeforeAll
    static void rewriteTheDefaultBundle() throws IOException {
        trained = copy(DEFAULT, temp.resolve("trained"));
        packaged = copy(DEFAULT, temp.resolve("classes/sift/bundles/packaged"));
        PreOptimizePackagedBundle.rewrite(packaged);
    }

    private static Path copy(Path bundle, Path target) throws IOException {
        Files.createDirectories(target);
        for (String file : List.of("manifest.json", BundleManifest.MODEL_FILE, BundleManifest.TOKENIZER_FILE)) {
            Files.copy(bundle.resolve(file), target.resolve(file));
        }
        return target;
    }

    @Test
    void theRewrittenBundleListsTheWeightsBesideAGraphOfAFewKilobytes() throws IOException {
        BundleManifest manifest = ModelBundle.load(packaged.toString()).manifest();
        assertTrue(manifest.files().containsKey(BundleManifest.MODEL_DATA_FILE), manifest.files().toString());
        assertTrue(Files.size(packaged.resolve(BundleManifest.MODEL_FILE)) < 1_000_000, "the graph alone");
        assertTrue(Files.size(packaged.resolve(BundleManifest.MODEL_DATA_FILE)) > 20_000_000, "the weights");
    }

    @Test
    void fromAClasspathFolderOnnxRuntimeReadsBothFilesInPlaceAndAnswersAsTheTrainedModel() throws Exception {
        ModelBundle bundle = onClasspath(() -> ModelBundle.load("classpath:sift/bundles/packaged"));
        assertEquals(packaged.resolve(BundleManifest.MODEL_FILE), bundle.modelPath().orElseThrow());
        assertAnswersAsTrained(bundle);
    }

    @Test
    void fromADirectoryItIsHashedThenHandedToOnnxRuntimeFromAPrivateCopy() {
        ModelBundle bundle = ModelBundle.load(packaged.toString());
        Path model = bundle.modelPath().orElseThrow();
        assertNotEquals(packaged, model.getParent(), "the verified bytes, not the directory's files");
        assertTrue(Files.isRegularFile(model.resolveSibling(BundleManifest.MODEL_DATA_FILE)));
        assertTrue(bundle.verifyMillis() >= 0);
        assertAnswersAsTrained(bundle);
    }

    @Test
    void aDirectoryWhoseWeightsDoNotMatchTheManifestIsRefused() throws IOException {
        Path copy = temp.resolve("tampered");
        ModelBundle.load(packaged.toString()).writeTo(copy);
        byte[] weights = Files.readAllBytes(copy.resolve(BundleManifest.MODEL_DATA_FILE));
        weights[weights.length / 2] ^= 1;
        Files.write(copy.resolve(BundleManifest.MODEL_DATA_FILE), weights);
        BundleException refused = assertThrows(BundleException.class, () -> ModelBundle.load(copy.toString()));
        assertTrue(refused.getMessage().contains(BundleManifest.MODEL_DATA_FILE), refused.getMessage());
    }

    @Test
    void writtenOutItKeepsBothFilesAndLoadsAgain() throws Exception {
        ModelBundle bundle = onClasspath(() -> ModelBundle.load("classpath:sift/bundles/packaged"));
        Path written = bundle.writeTo(temp.resolve("written"));
        for (String file : List.of(BundleManifest.MODEL_FILE, BundleManifest.MODEL_DATA_FILE)) {
            assertArrayEquals(Files.readAllBytes(packaged.resolve(file)), Files.readAllBytes(written.resolve(file)), file);
        }
        assertAnswersAsTrained(ModelBundle.load(written.toString()));
    }

    @Test
    void theNativeImagesLayoutKeepsTheWeightsInTheGraphFileWithTheSameAnswers() throws IOException {
        Path single = copy(DEFAULT, temp.resolve("single"));
        PreOptimizePackagedBundle.main(new String[] {"--single-file", single.toString()});
        ModelBundle bundle = ModelBundle.load(single.toString());
        assertTrue(!bundle.manifest().files().containsKey(BundleManifest.MODEL_DATA_FILE), bundle.manifest().files().toString());
        assertTrue(!Files.exists(single.resolve(BundleManifest.MODEL_DATA_FILE)));
        assertTrue(bundle.manifest().raw().has("preOptimized"));
        assertTrue(bundle.modelPath().isEmpty(), "a directory bundle's single model file is read and hashed as before");
        assertAnswersAsTrained(bundle);
    }

    @Test
    void aClasspathFolderWithoutItsWeightsSaysWhichFileIsMissing() throws Exception {
        Path partial = temp.resolve("partial-classes/sift/bundles/partial");
        Files.createDirectories(partial);
        for (String file : List.of("manifest.json", BundleManifest.MODEL_FILE, BundleManifest.TOKENIZER_FILE)) {
            Files.copy(packaged.resolve(file), partial.resolve(file));
        }
        BundleException refused = assertThrows(BundleException.class, () -> withClasspath(temp.resolve("partial-classes"),
                () -> ModelBundle.load("classpath:sift/bundles/partial")));
        assertTrue(refused.getMessage().contains(BundleManifest.MODEL_DATA_FILE), refused.getMessage());
    }

    private static void assertAnswersAsTrained(ModelBundle bundle) {
        try (TextClassifier expected = TextClassifier.load(ModelBundle.load(trained.toString()), TestBundles.oneThread());
                TextClassifier actual = TextClassifier.load(bundle, TestBundles.oneThread())) {
            List<Prediction> want = expected.classify(TEXTS, 2);
            List<Prediction> got = actual.classify(TEXTS, 2);
            for (int i = 0; i < TEXTS.size(); i++) {
                for (var score : want.get(i).scores().entrySet()) {
                    assertEquals(score.getValue(), got.get(i).scores().get(score.getKey()), 1e-6, TEXTS.get(i));
                }
            }
        }
    }

    private static <T> T onClasspath(Supplier<T> action) throws Exception {
        return withClasspath(temp.resolve("classes"), action);
    }

    /** Runs {@code action} with {@code root} as the context class loader's classpath (ModelBundle reads classpath bundles there). */
    private static <T> T withClasspath(Path root, Supplier<T> action) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            thread.setContextClassLoader(loader);
            return action.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
