package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    @TempDir
    Path temp;

    @Test
    void loadsADirectoryBundleAndItsManifest() {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        ModelBundle bundle = ModelBundle.load(dir.toString());
        assertEquals("tiny-classifier", bundle.manifest().name());
        assertEquals(BundleKind.CLASSIFIER, bundle.manifest().kind());
        assertEquals(java.util.List.of("negative", "neutral", "positive"), bundle.manifest().labels());
        assertEquals(BatchMode.PADDED, bundle.manifest().batching());
    }

    @Test
    void loadsAClasspathBundleWithTheSameBytesAsTheDirectoryOne() throws IOException {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        ModelBundle fromClasspath = ModelBundle.load("classpath:" + TestBundles.TINY);
        assertArrayEquals(Files.readAllBytes(dir.resolve("model.onnx")), fromClasspath.modelBytes());
    }

    @Test
    void aClasspathBundleInAPlainDirectoryHandsONNXRuntimeTheModelFileAndAnswersAsTheDirectoryOne() throws IOException {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        ModelBundle fromClasspath = ModelBundle.load("classpath:" + TestBundles.TINY);
        ModelBundle fromDirectory = ModelBundle.load(dir.toString());
        // The test classes are a directory, as a Lambda zip's task root is: no bytes to read and copy at start.
        assertTrue(fromClasspath.modelPath().isPresent(), "the test classpath is a directory");
        assertTrue(fromDirectory.modelPath().isEmpty(), "bytes that arrive at run time are read and hashed");
        java.util.List<String> texts = java.util.List.of("房间很干净", "服务态度差", "还行吧");
        try (TextClassifier a = TextClassifier.load(fromClasspath, TestBundles.oneThread());
                TextClassifier b = TextClassifier.load(fromDirectory, TestBundles.oneThread())) {
            var fromFile = a.classify(texts, 3);
            var fromBytes = b.classify(texts, 3);
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(fromBytes.get(i).scores(), fromFile.get(i).scores(), texts.get(i));
            }
        }
        Path written = fromClasspath.writeTo(temp.resolve("written"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("model.onnx")), Files.readAllBytes(written.resolve("model.onnx")));
    }

    @Test
    void rejectsAModelWhoseBytesDoNotMatchTheManifestChecksum() throws IOException {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        byte[] model = Files.readAllBytes(dir.resolve("model.onnx"));
        model[model.length / 2] ^= 1;
        Files.write(dir.resolve("model.onnx"), model);
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir.toString()));
        assertTrue(e.getMessage().contains("model.onnx has SHA-256"), e.getMessage());
        assertTrue(e.getMessage().contains("manifest.json says 571c8412"), e.getMessage());
    }

    @Test
    void theBuildTimeCheckOfAPackagedBundleRejectsBytesThatDoNotMatchTheManifest() throws IOException {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        VerifyPackagedBundle.main(new String[] {dir.toString()});
        byte[] tokenizer = Files.readAllBytes(dir.resolve("tokenizer.json"));
        tokenizer[tokenizer.length / 2] ^= 1;
        Files.write(dir.resolve("tokenizer.json"), tokenizer);
        BundleException e = assertThrows(BundleException.class, () -> VerifyPackagedBundle.main(new String[] {dir.toString()}));
        assertTrue(e.getMessage().contains("tokenizer.json has SHA-256"), e.getMessage());
    }

    @Test
    void namesTheMissingFile() throws IOException {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        Files.delete(dir.resolve("tokenizer.json"));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir.toString()));
        assertTrue(e.getMessage().contains("has no tokenizer.json"), e.getMessage());
    }

    @Test
    void namesAMissingDirectory() {
        BundleException e = assertThrows(BundleException.class,
                () -> ModelBundle.load(temp.resolve("nowhere").toString()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void rejectsAnUnsetLocationWithTheSettingToUse() {
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(" "));
        assertTrue(e.getMessage().contains("SIFT_MODEL_BUNDLE"), e.getMessage());
    }

    @Test
    void rejectsAManifestThatIsNotJson() throws IOException {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        Files.writeString(dir.resolve("manifest.json"), "{ not json");
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir.toString()));
        assertTrue(e.getMessage().startsWith("manifest.json is not valid JSON"), e.getMessage());
    }
}
