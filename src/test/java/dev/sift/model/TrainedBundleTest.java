package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sift.pipeline.EvaluateBundle;

/**
 * The htl bundle that {@code make train DATA=../shared/data/htl} writes to target/train/htl/bundle
 * (fine-tuned, int8 with fixed activation scales; not committed: only the default bundle lives in
 * git): padded batches must be exact, and it must clear the floor, the TF-IDF baseline
 * (90.23%) plus one point. Skipped, with the reason, where no such run has been made.
 */
class TrainedBundleTest {
    private static final Path BUNDLE = Path.of("target", "train", "htl", "bundle");
    private static final Path HTL_TEST = Path.of("..", "shared", "data", "htl", "test.csv");

    private static TextClassifier classifier;

    // Checked per test rather than in @BeforeAll so that each test is reported as skipped, with the reason.
    @BeforeEach
    void requireATrainedBundle() {
        Assumptions.assumeTrue(Files.isDirectory(BUNDLE),
                BUNDLE + " not found: run make train DATA=../shared/data/htl first; trained-bundle checks skipped");
        if (classifier == null) {
            classifier = TextClassifier.load(ModelBundle.load(BUNDLE.toString()), TestBundles.oneThread());
        }
    }

    @AfterAll
    static void close() {
        if (classifier != null) {
            classifier.close();
        }
    }

    @Test
    void isAStaticallyQuantizedClassifierServedInPaddedBatches() {
        assertEquals(BundleKind.CLASSIFIER, classifier.manifest().kind());
        assertEquals(BatchMode.PADDED, classifier.manifest().batching());
        assertEquals(List.of("0", "1"), classifier.info().labels(), "labels are htl's CSV values verbatim");
    }

    @Test
    void aTextGetsTheSameProbabilitiesAloneAndInAPaddedMixedBatch() {
        String text = "服务态度很好，房间也很干净，下次还会再来。";
        List<String> neighbours = List.of("差", "酒店位置很好，离地铁站很近，早餐品种也多，就是房间隔音一般。".repeat(8),
                "WiFi信号不稳定!!! 😡 客服电话打了3次都没人接……", "房间干净整洁。");
        double[] alone = classifier.probabilities(List.of(text))[0];
        for (int position = 0; position <= neighbours.size(); position++) {
            List<String> batch = new ArrayList<>(neighbours);
            batch.add(position, text);
            double[] inBatch = classifier.probabilities(batch)[position];
            for (int l = 0; l < alone.length; l++) {
                assertEquals(alone[l], inBatch[l], 1e-5, "label " + l + " at position " + position);
            }
        }
    }

    @Test
    void beatsTheTfIdfBaselineByAPointOnHtlTest() throws Exception {
        Assumptions.assumeTrue(Files.exists(HTL_TEST),
                "../shared/data/htl/test.csv not found: trained-bundle accuracy on htl skipped");
        Map<String, Object> metrics = EvaluateBundle.evaluate(BUNDLE.toString(), HTL_TEST, Map.of(), 2);
        double accuracy = (double) metrics.get("accuracy");
        System.out.printf("trained htl bundle on htl test: accuracy %.4f macroF1 %.4f%n", accuracy, metrics.get("macroF1"));
        assertTrue(accuracy >= 0.9123, "accuracy " + accuracy + " < baseline 0.9023 + 1 pt (0.9139 measured in the first run)");
    }
}
