package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** The classifier path on the tiny fp32 bundle: exact, fast, and with a known answer per word. */
class TextClassifierTest {
    @TempDir
    Path temp;

    private TextClassifier classifier;

    @BeforeEach
    void load() {
        classifier = TextClassifier.load(ModelBundle.load("classpath:" + TestBundles.TINY), TestBundles.oneThread());
    }

    @AfterEach
    void close() {
        if (classifier != null) {
            classifier.close();
        }
    }

    @Test
    void predictsTheLabelTheWeightsPointTo() {
        List<Prediction> predictions = classifier.classify(List.of("很好", "很差", "一般", "服务很好！"), 3);
        assertEquals(List.of("positive", "negative", "neutral", "positive"),
                predictions.stream().map(Prediction::label).toList());
    }

    @Test
    void returnsProbabilitiesThatSumToOneMostProbableFirst() {
        Prediction p = classifier.classify(List.of("房间好"), 3).get(0);
        double sum = p.scores().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(1.0, sum, 1e-9);
        assertEquals(p.label(), p.scores().keySet().iterator().next());
        assertEquals(p.score(), p.scores().get(p.label()), 0.0);
        List<Double> values = List.copyOf(p.scores().values());
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i - 1) >= values.get(i), "scores must be sorted: " + p.scores());
        }
    }

    @Test
    void limitsScoresToTopK() {
        Prediction p = classifier.classify(List.of("好"), 2).get(0);
        assertEquals(2, p.scores().size());
        assertEquals("positive", p.label());
    }

    @Test
    void paddedBatchesGiveEachTextTheSameProbabilitiesAsAlone() {
        List<String> texts = List.of("好", "服务很差，房间不错。一般般", "差", "hello hellos");
        double[][] together = classifier.probabilities(texts);
        for (int i = 0; i < texts.size(); i++) {
            double[] alone = classifier.probabilities(List.of(texts.get(i)))[0];
            for (int l = 0; l < alone.length; l++) {
                assertEquals(alone[l], together[i][l], 1e-6, "text " + i + " label " + l);
            }
        }
    }

    @Test
    void failsFastWhenTheModelHasFewerOutputsThanTheManifestHasLabels() {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        TestBundles.editManifest(dir, m -> {
            ((ArrayNode) m.get("labels")).add("very-positive");
            return m;
        });
        BundleException e = assertThrows(BundleException.class,
                () -> TextClassifier.load(ModelBundle.load(dir.toString()), TestBundles.oneThread()));
        assertTrue(e.getMessage().contains("[batch, 4] logits"), e.getMessage());
        assertTrue(e.getMessage().contains("outputs [logits[-1, 3]:FLOAT]"), e.getMessage());
    }

    @Test
    void failsFastWhenTheManifestNamesAnOutputTheModelLacks() {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        TestBundles.editManifest(dir, m -> m.put("output", "last_hidden_state"));
        BundleException e = assertThrows(BundleException.class,
                () -> TextClassifier.load(ModelBundle.load(dir.toString()), TestBundles.oneThread()));
        assertTrue(e.getMessage().contains("expects a float output 'last_hidden_state'"), e.getMessage());
        assertTrue(e.getMessage().contains("inputs [") && e.getMessage().contains("input_ids[-1, -1]:INT64"),
                e.getMessage());
    }

    @Test
    void failsFastWhenTheInputsDiffer() {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        TestBundles.editManifest(dir, m -> {
            m.putArray("inputs").add("input_ids").add("attention_mask");
            return m;
        });
        BundleException e = assertThrows(BundleException.class,
                () -> TextClassifier.load(ModelBundle.load(dir.toString()), TestBundles.oneThread()));
        assertTrue(e.getMessage().contains("manifest expects inputs [input_ids, attention_mask]"), e.getMessage());
        assertTrue(e.getMessage().contains("token_type_ids"), e.getMessage());
    }

    @Test
    void truncatesToTheBundleMaximumAndReportsIt() {
        var encodings = classifier.preprocess(List.of("好".repeat(40)), 999);
        assertEquals(16, encodings.get(0).length());
        assertTrue(encodings.get(0).truncated());
        var shorter = classifier.preprocess(List.of("好".repeat(40)), 8);
        assertEquals(8, shorter.get(0).length());
    }
}
