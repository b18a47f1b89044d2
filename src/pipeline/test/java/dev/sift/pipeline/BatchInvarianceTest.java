package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sift.model.ModelBundle;
import dev.sift.model.TestBundles;
import dev.sift.model.TextClassifier;

/**
 * A text's result must not depend on the other texts of its request. Runs the real default bundle
 * (int8 bge-small-zh, dynamically quantized): one text alone and inside a mixed batch of short,
 * long and noisy neighbours must get the same probabilities to 1e-5.
 */
class BatchInvarianceTest {
    private static final List<String> NEIGHBOURS = List.of(
            "差",
            "酒店位置很好，离地铁站很近，早餐品种也多，就是房间隔音一般，晚上能听到走廊的声音。".repeat(6),
            "WiFi信号不稳定!!! 😡😡 客服电话打了3次都没人接……",
            "房间干净整洁。");
    private static final String TEXT = "服务态度很好，房间也很干净，下次还会再来。";

    private static TextClassifier classifier;

    @BeforeAll
    static void load() {
        classifier = TextClassifier.load(ModelBundle.load("classpath:" + TestBundles.EMBEDDING), TestBundles.oneThread());
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void aTextGetsTheSameProbabilitiesAloneAndInAMixedBatch() {
        double[] alone = classifier.probabilities(List.of(TEXT))[0];
        for (int position = 0; position <= NEIGHBOURS.size(); position++) {
            List<String> batch = new java.util.ArrayList<>(NEIGHBOURS);
            batch.add(position, TEXT);
            double[] inBatch = classifier.probabilities(batch)[position];
            for (int l = 0; l < alone.length; l++) {
                assertEquals(alone[l], inBatch[l], 1e-5, "label " + l + " at position " + position);
            }
        }
    }

    @Test
    void paddedBatchingWouldMoveResultsOnThisDynamicallyQuantizedGraph(@TempDir Path temp) {
        // Why the default bundle runs per item: the same graph fed as one padded batch quantizes
        // activations over the whole batch, and the text's probabilities move. If this ever stops
        // failing (a statically quantized default), padded batching becomes safe for it.
        Path dir = TestBundles.copy(TestBundles.EMBEDDING, temp.resolve("padded"));
        TestBundles.editManifest(dir, m -> m.put("batching", "padded"));
        try (TextClassifier padded = TextClassifier.load(ModelBundle.load(dir.toString()), TestBundles.oneThread())) {
            double[] alone = padded.probabilities(List.of(TEXT))[0];
            List<String> batch = new java.util.ArrayList<>(NEIGHBOURS);
            batch.add(TEXT);
            double[] inBatch = padded.probabilities(batch)[NEIGHBOURS.size()];
            double drift = Math.abs(alone[0] - inBatch[0]);
            assertTrue(drift > 1e-5, "expected padded batching to move the result, drift " + drift);
        }
    }
}
