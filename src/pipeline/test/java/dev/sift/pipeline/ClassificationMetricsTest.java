package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    @Test
    void computesAccuracyMacroF1AndTheConfusionMatrix() {
        ClassificationMetrics m = new ClassificationMetrics(List.of("a", "b"));
        m.add("a", "a");
        m.add("a", "a");
        m.add("a", "b");
        m.add("b", "b");
        assertEquals(0.75, m.accuracy(), 1e-12);
        // a: p=1, r=2/3, f1=0.8; b: p=1/2, r=1, f1=2/3
        assertEquals((0.8 + 2.0 / 3) / 2, m.macroF1(), 1e-12);
        assertArrayEquals(new long[] {2, 1}, m.confusion()[0]);
        assertArrayEquals(new long[] {0, 1}, m.confusion()[1]);
    }
}
