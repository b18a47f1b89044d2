package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.sift.model.ModelBundle;
import dev.sift.model.TestBundles;

/**
 * The default bundle answers the same through ONNX Runtime's fused integer kernels (what serving
 * runs) as through the reference graph (DequantizeLinear + float MatMul), on whatever CPU runs the
 * test. Before 1.2.0 the bundle's int8 weights sent x86 CPUs without VNNI to U8S8 kernels that
 * saturate 16-bit pair sums: under an emulated AVX2-only CPU (qemu -cpu Haswell) its median
 * log-probability difference over the first 80 htl test texts was 1.54 and its p99 2.72, and one
 * label in 80 differed (README, "Same answers on every CPU"): fifty times the median bound below.
 * The 1.2.0 bundle there: median 0.001, p99 0.26, no label differed (30 texts).
 *
 * <p>The bounds are not zero: with fixed activation scales, float differences of 1e-7 between the
 * two graphs flip the rounding of a few activations and each flip moves the next layer by a whole
 * quantization step, so a text near the decision boundary can move by a few hundredths.
 */
class KernelPathAgreementTest {
    private static final Path HTL_TEST = Path.of("..", "shared", "data", "htl", "test.csv");
    private static final Map<String, String> HTL_LABELS = Map.of("0", "negative", "1", "positive");

    /** Labels that may differ among the 340 htl texts: measured 0 here (AVX-512 VNNI), 1 in 778 on full htl test. */
    private static final int MAX_FLIPS = 2;
    /** Median over texts of the largest |log p_fused - log p_reference|: 0.012-0.015 on VNNI, 0.001 on emulated AVX2. */
    private static final double MAX_MEDIAN_LOG_PROB_DIFF = 0.03;
    /** Its 99th percentile: 0.27 on VNNI, 0.26 on emulated AVX2 (1.1.0 there: 2.72). */
    private static final double MAX_P99_LOG_PROB_DIFF = 0.6;

    /** Reviews written for this test, from a few characters to past the bundle's 256 tokens. */
    private static final List<String> OWN_REVIEWS = List.of(
            "好", "差评", "房间干净，服务热情。", "前台态度恶劣，房间有异味，再也不来了。",
            "位置很方便，出门就是地铁站，周边吃饭的地方也多，就是房间有点小，隔音一般，总体还可以。",
            "早餐品种很少，咖啡是凉的，服务员也爱答不理，价格却比周边贵了一倍，非常失望。",
            ("酒店位置很好，离地铁站很近，早餐品种也多，就是房间隔音一般。").repeat(12),
            ("空调坏了一晚上没人修，投诉之后经理才来道歉，房费也没有减免。").repeat(12),
            "WiFi信号不稳定!!! 😡 客服电话打了3次都没人接……", "性价比很高，下次出差还会选择这里。");

    @Test
    void fusedAndReferencePathsAgreeOnOwnReviews() {
        List<LabeledCsv.Row> rows = OWN_REVIEWS.stream().map(t -> new LabeledCsv.Row("", t)).toList();
        KernelPathComparison.Result r = KernelPathComparison.compare(ModelBundle.load("classpath:" + TestBundles.DEFAULT),
                rows, Map.of(), 1);
        System.out.println("own reviews, fused vs reference: " + r.toMap());
        assertEquals(rows.size(), r.agreeing(), "labels differ between the paths: " + r.toMap());
        assertTrue(r.logProbDiffMedian() <= MAX_MEDIAN_LOG_PROB_DIFF, r.toMap().toString());
    }

    @Test
    void fusedAndReferencePathsAgreeOnHtlTestIncludingItsLongestReviews() throws Exception {
        Assumptions.assumeTrue(Files.exists(HTL_TEST), "../shared/data/htl/test.csv not found: htl kernel paths skipped");
        List<LabeledCsv.Row> all = LabeledCsv.read(HTL_TEST, "label", "text");
        List<LabeledCsv.Row> rows = new ArrayList<>(all.subList(0, 300));
        all.subList(300, all.size()).stream().sorted(Comparator.comparingInt((LabeledCsv.Row r) -> r.text().length())
                .reversed()).limit(40).forEach(rows::add);
        KernelPathComparison.Result r = KernelPathComparison.compare(ModelBundle.load("classpath:" + TestBundles.DEFAULT),
                rows, HTL_LABELS, 1);
        System.out.println("htl, fused vs reference: " + r.toMap());
        assertTrue(r.examples() - r.agreeing() <= MAX_FLIPS, "labels differ on " + (r.examples() - r.agreeing())
                + " of " + r.examples() + " texts: " + r.toMap());
        assertTrue(r.logProbDiffMedian() <= MAX_MEDIAN_LOG_PROB_DIFF, "median log-probability difference: " + r.toMap());
        assertTrue(r.logProbDiffP99() <= MAX_P99_LOG_PROB_DIFF, "99th percentile log-probability difference: " + r.toMap());
    }
}
