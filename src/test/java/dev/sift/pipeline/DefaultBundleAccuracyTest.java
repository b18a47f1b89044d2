package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The day-0 default bundle (int8 bge-small-zh + 16 written examples per label, no training) on
 * the canonical htl test split, through the serving classifier. Floor: 85% accuracy; the majority
 * class alone gets 68.5%.
 */
class DefaultBundleAccuracyTest {
    private static final Path HTL_TEST = Path.of("..", "shared", "data", "htl", "test.csv");

    @Test
    void defaultBundleScoresAtLeast85PercentOnHtlTest() throws Exception {
        Assumptions.assumeTrue(Files.exists(HTL_TEST),
                "../shared/data/htl/test.csv not found: default-bundle accuracy on htl skipped");
        Map<String, Object> metrics = EvaluateBundle.evaluate("classpath:sift/bundles/default", HTL_TEST,
                Map.of("0", "negative", "1", "positive"), 2);
        assertEquals(778L, metrics.get("examples"));
        double accuracy = (double) metrics.get("accuracy");
        System.out.printf("default bundle on htl test: accuracy %.4f macroF1 %.4f%n", accuracy, metrics.get("macroF1"));
        assertTrue(accuracy >= 0.85, "accuracy " + accuracy + " < 0.85");
    }
}
