package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-label bundles: tiny-classifier's graph read as three independent labels (a sigmoid each)
 * with per-label thresholds from the manifest.
 */
class MultiLabelClassifierTest {
    private static final List<String> TEXTS = List.of("很好", "很差", "一般", "服务很好！", "房间好但是很差", "hello");

    @TempDir
    Path temp;

    private TextClassifier classifier;

    @BeforeEach
    void load() {
        classifier = load(TestBundles.TINY_MULTILABEL);
    }

    @AfterEach
    void close() {
        if (classifier != null) {
            classifier.close();
        }
    }

    private static TextClassifier load(String location) {
        return TextClassifier.load(ModelBundle.load(location.startsWith("/") ? location : "classpath:" + location),
                TestBundles.oneThread());
    }

    @Test
    void scoresAreAnIndependentSigmoidPerLabel() {
        assertTrue(classifier.multiLabel());
        double[][] logits = classifier.logits(TEXTS);
        List<Prediction> predictions = classifier.classify(TEXTS, 3);
        boolean someSumIsNotOne = false;
        for (int t = 0; t < TEXTS.size(); t++) {
            Map<String, Double> scores = predictions.get(t).scores();
            assertEquals(3, scores.size());
            for (int l = 0; l < 3; l++) {
                double sigmoid = 1 / (1 + Math.exp(-logits[t][l]));
                assertEquals(sigmoid, scores.get(classifier.manifest().labels().get(l)), 1e-12, TEXTS.get(t));
            }
            double sum = scores.values().stream().mapToDouble(Double::doubleValue).sum();
            someSumIsNotOne |= Math.abs(sum - 1) > 0.01;
        }
        assertTrue(someSumIsNotOne, "sigmoid scores need not sum to 1; softmax would");
    }

    @Test
    void givesEveryLabelAtOrOverItsThresholdMostProbableFirst() {
        double[] thresholds = classifier.manifest().thresholds().inLabelOrder();
        List<String> labels = classifier.manifest().labels();
        int withTwoOrMore = 0;
        int withNone = 0;
        for (Prediction p : classifier.classify(TEXTS, 3)) {
            List<String> expected = new ArrayList<>();
            p.scores().forEach((label, score) -> {
                if (score >= thresholds[labels.indexOf(label)]) {
                    expected.add(label);
                }
            });
            assertEquals(expected, p.labels(), p.scores().toString());
            assertEquals(expected.isEmpty(), p.abstained());
            if (expected.isEmpty()) {
                assertNull(p.label());
                withNone++;
            } else {
                assertEquals(expected.get(0), p.label());
                assertEquals(p.scores().get(p.label()), p.score(), 0.0);
            }
            withTwoOrMore += expected.size() >= 2 ? 1 : 0;
        }
        assertTrue(withTwoOrMore + withNone > 0, "the fixture texts should cover more than one label per text");
    }

    @Test
    void eachLabelHasItsOwnThreshold() {
        // Lower one label's threshold below every score and raise the others above: exactly that label.
        Path dir = TestBundles.copy(TestBundles.TINY_MULTILABEL, temp.resolve("b"));
        TestBundles.editManifest(dir, m -> {
            m.putObject("thresholds").put("negative", 1.0).put("neutral", 0.0).put("positive", 1.0);
            return m;
        });
        try (TextClassifier edited = load(dir.toString())) {
            for (Prediction p : edited.classify(TEXTS, 3)) {
                assertEquals(List.of("neutral"), p.labels());
                assertEquals("neutral", p.label());
            }
        }
    }

    @Test
    void aRequestMinScoreReplacesEveryThreshold() {
        for (Prediction p : classifier.classify(TEXTS, 3, 0.0)) {
            assertEquals(3, p.labels().size(), "minScore 0 gives every label");
            assertEquals(List.copyOf(p.scores().keySet()), p.labels());
        }
        for (Prediction p : classifier.classify(TEXTS, 3, 1.0)) {
            assertTrue(p.abstained());
            assertEquals(List.of(), p.labels());
            assertNull(p.label());
            assertEquals(3, p.scores().size(), "an abstention keeps its scores");
        }
    }

    @Test
    void topKLimitsTheScoresNotTheLabels() {
        for (Prediction p : classifier.classify(TEXTS, 1, 0.0)) {
            assertEquals(1, p.scores().size());
            assertEquals(3, p.labels().size());
        }
    }

    @Test
    void infoCarriesTheThresholdsAndSingleLabelBundlesHaveNone() {
        assertEquals("multilabel", classifier.info().kind());
        assertEquals(Map.of("negative", 0.6, "neutral", 0.6, "positive", 0.6), classifier.info().thresholds());
        try (TextClassifier single = load(TestBundles.TINY)) {
            assertNull(single.info().thresholds());
            assertFalse(single.multiLabel());
            single.classify(TEXTS, 3).forEach(p -> assertNull(p.labels()));
        }
    }

    @Test
    void aLabelTheManifestDoesNotNameGetsOneHalf() {
        Path dir = TestBundles.copy(TestBundles.TINY_MULTILABEL, temp.resolve("b"));
        TestBundles.editManifest(dir, m -> {
            m.putObject("thresholds").put("neutral", 0.2);
            return m;
        });
        try (TextClassifier edited = load(dir.toString())) {
            assertEquals(Map.of("negative", 0.5, "neutral", 0.2, "positive", 0.5), edited.info().thresholds());
        }
    }

    @Test
    void refusesThresholdsThatCannotBeRight() {
        assertRefused(m -> m.putObject("thresholds").put("very-positive", 0.5), "not one of the labels");
        assertRefused(m -> m.putObject("thresholds").put("neutral", 1.5), "thresholds.neutral must be a number in [0, 1]");
        assertRefused(m -> m.putObject("thresholds").put("neutral", "high"), "thresholds.neutral must be a number");
        assertRefused(m -> m.put("thresholds", 0.5), "'thresholds' must be an object");
    }

    @Test
    void aSingleLabelBundleRefusesPerLabelThresholds() {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("single"));
        TestBundles.editManifest(dir, m -> {
            m.putObject("thresholds").put("neutral", 0.5);
            return m;
        });
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir.toString()));
        assertTrue(e.getMessage().contains("'thresholds' (per-label) is for multilabel bundles"), e.getMessage());
    }

    private void assertRefused(java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit,
            String message) {
        Path dir = TestBundles.copy(TestBundles.TINY_MULTILABEL, temp.resolve("bad" + System.nanoTime()));
        TestBundles.editManifest(dir, m -> {
            edit.accept(m);
            return m;
        });
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir.toString()));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
