package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.model.BatchMode;
import dev.sift.model.BundleKind;
import dev.sift.model.ModelBundle;
import dev.sift.model.TestBundles;
import dev.sift.model.TextClassifier;

/**
 * The bundle the application serves with no settings: the general review-sentiment classifier
 * fine-tuned by make train on htl plus product reviews (make sentiment-data; models/review-sentiment;
 * int8 with fixed activation scales). Padded batches must be exact; on htl test it must clear the
 * TF-IDF baseline (90.23%) with the very accuracy its manifest records, and on product reviews it
 * must not be a hotel specialist.
 */
class DefaultBundleTest {
    private static final Path SHARED = Path.of("..", "shared", "data");
    private static final Path HTL_TEST = SHARED.resolve("htl").resolve("test.csv");
    private static final String DEFAULT = "classpath:" + TestBundles.DEFAULT;

    private static TextClassifier classifier;

    @BeforeAll
    static void load() {
        classifier = TextClassifier.load(ModelBundle.load(DEFAULT), TestBundles.oneThread());
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void isAStaticallyQuantizedClassifierServedInPaddedBatches() {
        assertEquals(BundleKind.CLASSIFIER, classifier.manifest().kind());
        assertEquals(BatchMode.PADDED, classifier.manifest().batching());
        assertEquals(List.of("negative", "positive"), classifier.info().labels());
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
    void tellsObviousReviewsApart() {
        double[][] p = classifier.probabilities(List.of("房间很干净，服务热情，早餐丰富，下次还来。", "房间又脏又吵，前台态度恶劣，再也不来了。"));
        assertTrue(p[0][1] > 0.9, "positive review: " + p[0][1]);
        assertTrue(p[1][0] > 0.9, "negative review: " + p[1][0]);
    }

    /**
     * On any CPU the served accuracy stays within two texts of 778 (0.3 pt) of the one recorded on
     * the CPU that measured it, and above the TF-IDF baseline. Not to the last digit: with fixed
     * activation scales, ONNX Runtime's float kernels (which differ by instruction set) flip the
     * rounding of a few activations, and a text or two near the boundary can change its label
     * (KernelPathAgreementTest measures how much). The integer products themselves are exact on
     * every CPU since 1.2.0 (uint8 weights).
     */
    @Test
    void beatsTheTfIdfBaselineOnHtlTestAndReproducesItsManifestWithinRoundingNoise() throws Exception {
        Assumptions.assumeTrue(Files.exists(HTL_TEST),
                "../shared/data/htl/test.csv not found: default-bundle accuracy on htl skipped");
        Map<String, Object> metrics = EvaluateBundle.evaluate(DEFAULT, HTL_TEST, Map.of("0", "negative", "1", "positive"), 2);
        assertEquals(778L, metrics.get("examples"));
        double accuracy = (double) metrics.get("accuracy");
        @SuppressWarnings("unchecked")
        Map<String, Object> paths = (Map<String, Object>) metrics.get("kernelPaths");
        double reference = (double) paths.get("referenceAccuracy");
        System.out.printf("default bundle on htl test (%s): accuracy %.4f (reference path %.4f) macroF1 %.4f%n",
                metrics.get("cpu"), accuracy, reference, metrics.get("macroF1"));
        JsonNode recorded = new ObjectMapper().readTree(Path.of("models", "review-sentiment", "manifest.json").toFile())
                .path("metrics").path("test");
        double noise = 2.0 / 778;
        assertEquals(recorded.path("accuracy").asDouble(), accuracy, noise + 1e-9, "manifest's recorded test accuracy");
        assertEquals(recorded.path("referenceAccuracy").asDouble(), reference, noise + 1e-9,
                "manifest's recorded reference-path accuracy");
        // Strictly above the baseline, with no extra margin: 2.0.0 (90.87%) sits 5 texts above it,
        // more than the two texts another CPU's float kernels may move (the manifest check above).
        assertTrue(accuracy > 0.9023, "accuracy " + accuracy + " not above the TF-IDF baseline 0.9023");
    }

    /**
     * Product reviews, a domain htl has none of: the first 100 test reviews of each shopping10
     * category with their polarity from online_shopping_10_cats.csv, less any text htl trains on.
     * On all of each category's test reviews (src/bench/results/sentiment-domains.md) this bundle
     * scores 93.2% (its worst category 86.2%), htl-sentiment 1.3.0, the hotel-only default before
     * it, 86.8% (books 67.1%), the untrained zero-shot bundle 88.4%.
     */
    @Test
    void readsProductReviewsAsWellAsHotelReviews() throws Exception {
        Path source = SHARED.resolve("online_shopping_10_cats.csv");
        Path split = SHARED.resolve("shopping10").resolve("test.csv");
        Assumptions.assumeTrue(Files.exists(source) && Files.exists(split),
                "../shared/data/online_shopping_10_cats.csv or shopping10/test.csv not found: product-review accuracy skipped");
        Map<String, String> polarity = new HashMap<>();
        for (LabeledCsv.Row row : LabeledCsv.read(source, "label", "review")) {
            polarity.putIfAbsent(row.text(), row.label());
        }
        Set<String> htlTraining = new HashSet<>();
        for (String part : List.of("train.csv", "val.csv")) {
            LabeledCsv.read(SHARED.resolve("htl").resolve(part)).forEach(r -> htlTraining.add(r.text()));
        }
        Map<String, List<LabeledCsv.Row>> byCategory = new TreeMap<>();
        for (LabeledCsv.Row row : LabeledCsv.read(split)) {
            List<LabeledCsv.Row> rows = byCategory.computeIfAbsent(row.label(), c -> new ArrayList<>());
            if (rows.size() < 100 && !htlTraining.contains(row.text())) {
                rows.add(new LabeledCsv.Row(polarity.get(row.text()).equals("1") ? "positive" : "negative", row.text()));
            }
        }
        int right = 0;
        int total = 0;
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, List<LabeledCsv.Row>> category : byCategory.entrySet()) {
            List<LabeledCsv.Row> rows = category.getValue();
            List<String> texts = rows.stream().map(LabeledCsv.Row::text).toList();
            double[][] p = classifier.probabilities(texts);
            int correct = 0;
            for (int i = 0; i < rows.size(); i++) {
                correct += (p[i][1] > p[i][0] ? "positive" : "negative").equals(rows.get(i).label()) ? 1 : 0;
            }
            report.append(String.format(" %s %d/%d", category.getKey(), correct, rows.size()));
            assertTrue(correct >= 0.8 * rows.size(), category.getKey() + ": " + correct + " of " + rows.size() + report);
            right += correct;
            total += rows.size();
        }
        System.out.println("default bundle on product reviews:" + report);
        assertEquals(10, byCategory.size());
        assertTrue(right >= 0.9 * total, right + " of " + total + " product reviews:" + report);
    }
}
