package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MultiLabelMetricsTest {
    private static final List<String> LABELS = List.of("书籍", "酒店", "negative", "positive");

    @Test
    void microMacroExactMatchAndHammingLossByHand() {
        MultiLabelMetrics m = new MultiLabelMetrics(LABELS);
        m.add(Set.of("书籍", "positive"), Set.of("书籍", "positive"));   // exact
        m.add(Set.of("酒店", "negative"), Set.of("酒店", "positive"));   // one FP (positive), one FN (negative)
        m.add(Set.of("酒店", "positive"), Set.of("酒店"));               // one FN (positive)
        m.add(Set.of("书籍", "negative"), Set.of());                     // two FN
        // TP 4 (书籍, 酒店, 酒店, positive), FP 1, FN 4: micro-F1 = 8 / (8 + 1 + 4)
        assertEquals(8.0 / 13, m.microF1(), 1e-12);
        // per label: 书籍 TP1 FN1 -> 2/3; 酒店 TP2 -> 1; negative TP0 -> 0; positive TP1 FP1 FN1 -> 1/2
        assertEquals((2.0 / 3 + 1 + 0 + 0.5) / 4, m.macroF1(), 1e-12);
        assertEquals(0.25, m.exactMatch(), 1e-12);
        assertEquals(5.0 / 16, m.hammingLoss(), 1e-12);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> perLabel = (Map<String, Map<String, Object>>) m.toMap().get("perLabel");
        assertEquals(0.5, (double) perLabel.get("positive").get("precision"), 1e-12);
        assertEquals(2L, perLabel.get("negative").get("support"));
    }

    @Test
    void readsPipeSeparatedLabelsThroughTheLabelMap() {
        assertEquals(Set.of("书籍", "positive"), MultiLabelMetrics.labelSet("书籍|1", Map.of("1", "positive"), LABELS));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> MultiLabelMetrics.labelSet("书籍|1", Map.of(), LABELS));
        assertTrue(unknown.getMessage().contains("label '1' (in '书籍|1') is not one of the bundle's labels"),
                unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MultiLabelMetrics.labelSet("书籍|", Map.of(), LABELS));
    }

    @Test
    void predictsEveryLabelAtOrOverItsThreshold() {
        assertEquals(Set.of("书籍", "positive"), MultiLabelMetrics.predicted(new double[] {0.3, 0.9, 0.1, 0.5},
                new double[] {0.3, 0.95, 0.5, 0.5}, LABELS));
    }
}
