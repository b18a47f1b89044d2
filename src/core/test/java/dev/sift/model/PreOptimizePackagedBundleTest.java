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

import ai.onnxruntime.OrtEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class PreOptimizePackagedBundleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void rewritesTheModelAsOnnxRuntimesExtendedGraphWithTheSameAnswersAndRecordsIt() throws IOException {
        Path trained = TestBundles.copy(TestBundles.TINY, temp.resolve("trained"));
        Path bundle = TestBundles.copy(TestBundles.TINY, temp.resolve("packaged"));
        JsonNode before = JSON.readTree(bundle.resolve("manifest.json").toFile());

        String said = PreOptimizePackagedBundle.rewrite(bundle);

        assertTrue(said.contains("pre-optimized by ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion()), said);
        JsonNode after = JSON.readTree(bundle.resolve("manifest.json").toFile());
        JsonNode record = after.get("preOptimized");
        assertEquals(OrtEnvironment.getEnvironment().getVersion(), record.get("onnxRuntime").asText());
        assertEquals("extended", record.get("level").asText());
        assertEquals(before.at("/files/model.onnx/sha256").asText(), record.get("trainedSha256").asText());
        assertEquals(ModelBundle.sha256(Files.readAllBytes(bundle.resolve("model.onnx"))), after.at("/files/model.onnx/sha256").asText());
        assertEquals(before.get("name"), after.get("name"));
        assertEquals(before.get("labels"), after.get("labels"));
        // Verified as any load verifies it, and answering as the trained graph does.
        assertEquals(0.0, PreOptimizePackagedBundle.largestDifference(ModelBundle.load(trained.toString()),
                ModelBundle.load(bundle.toString())), PreOptimizePackagedBundle.TOLERANCE);
    }

    @Test
    void aBundleAlreadyRewrittenIsLeftAsItIs() throws IOException {
        Path bundle = TestBundles.copy(TestBundles.TINY, temp.resolve("packaged"));
        PreOptimizePackagedBundle.rewrite(bundle);
        byte[] model = Files.readAllBytes(bundle.resolve("model.onnx"));
        byte[] manifest = Files.readAllBytes(bundle.resolve("manifest.json"));

        String said = PreOptimizePackagedBundle.rewrite(bundle);

        assertTrue(said.contains("already pre-optimized"), said);
        assertArrayEquals(model, Files.readAllBytes(bundle.resolve("model.onnx")));
        assertArrayEquals(manifest, Files.readAllBytes(bundle.resolve("manifest.json")));
    }

    @Test
    void aBundleThatFailsItsChecksumsIsRefusedAndLeftUntouched() throws IOException {
        Path bundle = TestBundles.copy(TestBundles.TINY, temp.resolve("packaged"));
        byte[] model = Files.readAllBytes(bundle.resolve("model.onnx"));
        model[model.length - 1] ^= 1;
        Files.write(bundle.resolve("model.onnx"), model);

        assertThrows(BundleException.class, () -> PreOptimizePackagedBundle.rewrite(bundle));

        assertArrayEquals(model, Files.readAllBytes(bundle.resolve("model.onnx")));
        assertTrue(!JSON.readTree(bundle.resolve("manifest.json").toFile()).has("preOptimized"));
    }

    @Test
    void theAnswerCheckSeesADifferenceInProbabilities() {
        Path plain = TestBundles.copy(TestBundles.TINY, temp.resolve("plain"));
        Path hotter = TestBundles.tinyWithTemperature(temp.resolve("hotter"), 3.0);

        double difference = PreOptimizePackagedBundle.largestDifference(ModelBundle.load(plain.toString()),
                ModelBundle.load(hotter.toString()));

        assertTrue(difference > PreOptimizePackagedBundle.TOLERANCE, "difference " + difference);
    }
}
