package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle's temperature and abstention thresholds, on the tiny fp32 bundle. */
class ScoreCalibrationTest {
    private static final List<String> TEXTS = List.of("很好", "很差", "一般", "服务很好！", "房间");

    @TempDir
    Path temp;

    private TextClassifier load(Path dir) {
        return TextClassifier.load(ModelBundle.load(dir.toString()), TestBundles.oneThread());
    }

    @Test
    void servesSoftmaxOfTheLogitsOverTheTemperatureAndKeepsEveryLabel() {
        Path plain = TestBundles.copy(TestBundles.TINY, temp.resolve("plain"));
        Path warm = TestBundles.tinyWithTemperature(temp.resolve("warm"), 2.5);
        try (TextClassifier before = load(plain); TextClassifier after = load(warm)) {
            double[][] logits = before.logits(TEXTS);
            double[][] calibrated = after.probabilities(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                double[] scaled = logits[i].clone();
                for (int j = 0; j < scaled.length; j++) {
                    scaled[j] /= 2.5;
                }
                assertArrayEquals(VectorMath.softmax(scaled), calibrated[i], 1e-9);
            }
            List<Prediction> a = before.classify(TEXTS, 3);
            List<Prediction> b = after.classify(TEXTS, 3);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(a.get(i).label(), b.get(i).label(), "a temperature never changes the label");
                assertTrue(b.get(i).score() <= a.get(i).score() + 1e-12, "T > 1 makes the top score less sure");
            }
        }
    }

    @Test
    void abstainsBelowTheThresholdInForceAndStillGivesTheScores() {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        try (TextClassifier classifier = load(dir)) {
            List<Prediction> all = classifier.classify(TEXTS, 3);
            double cut = all.stream().mapToDouble(Prediction::score).sorted().toArray()[2]; // the 3rd lowest top score
            List<Prediction> some = classifier.classify(TEXTS, 3, cut);
            for (int i = 0; i < TEXTS.size(); i++) {
                Prediction p = some.get(i);
                assertEquals(all.get(i).score() < cut, p.abstained(), TEXTS.get(i));
                assertEquals(p.abstained() ? null : all.get(i).label(), p.label());
                assertEquals(all.get(i).scores(), p.scores(), "scores are given whether or not the text abstained");
            }
            assertEquals(2, some.stream().filter(Prediction::abstained).count());
            assertFalse(classifier.classify(TEXTS, 3).stream().anyMatch(Prediction::abstained),
                    "no threshold in the bundle: every text gets a label, as before");
            assertNull(classifier.info().minScore());
        }
    }

    @Test
    void appliesTheBundlesMinScoreByDefaultAndReportsBothThresholds() {
        Path dir = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        TestBundles.editManifest(dir, m -> {
            m.putObject("abstention").put("minScore", 0.999).put("recommendedMinScore", 0.8);
            return m;
        });
        try (TextClassifier classifier = load(dir)) {
            assertTrue(classifier.classify(TEXTS, 1).stream().allMatch(Prediction::abstained));
            assertEquals(0.999, classifier.info().minScore());
            assertEquals(0.8, classifier.info().recommendedMinScore());
            assertFalse(classifier.classify(TEXTS, 1, 0.0).stream().anyMatch(Prediction::abstained),
                    "a request's minScore replaces the bundle's");
        }
    }

    @Test
    void refusesABundleWithAnImpossibleTemperatureOrThreshold() {
        Path zero = TestBundles.tinyWithTemperature(temp.resolve("zero"), 0);
        BundleException t = assertThrows(BundleException.class, () -> ModelBundle.load(zero.toString()));
        assertTrue(t.getMessage().contains("calibration.temperature must be a positive number"), t.getMessage());
        Path over = TestBundles.copy(TestBundles.TINY, temp.resolve("over"));
        TestBundles.editManifest(over, m -> {
            m.putObject("abstention").put("minScore", 1.5);
            return m;
        });
        BundleException s = assertThrows(BundleException.class, () -> ModelBundle.load(over.toString()));
        assertTrue(s.getMessage().contains("abstention.minScore must be a number in [0, 1]"), s.getMessage());
    }
}
