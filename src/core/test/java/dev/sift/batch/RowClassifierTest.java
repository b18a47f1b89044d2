package dev.sift.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sift.model.ModelBundle;
import dev.sift.model.TestBundles;
import dev.sift.model.TextClassifier;

/** On the tiny fp32 bundle, whose answer per word is known. */
class RowClassifierTest {
    private final TextClassifier classifier =
            TextClassifier.load(ModelBundle.load("classpath:" + TestBundles.TINY), TestBundles.oneThread());

    @AfterEach
    void close() {
        classifier.close();
    }

    @Test
    void keepsErrorsInPlaceBetweenResultsInRowOrder() {
        RowError blank = new RowError(2, "b", "blank_text", "row 2 is blank");
        List<BatchRow> rows = List.of(new TextRow(1, "a", "很好"), blank, new TextRow(3, null, "很差"),
                new TextRow(4, "d", "服务很好！"));
        List<RowOutcome> outcomes = new RowClassifier(classifier, 3).classify(rows);
        assertEquals(List.of(1L, 2L, 3L, 4L), outcomes.stream().map(RowOutcome::row).toList());
        assertSame(blank, outcomes.get(1));
        assertEquals("positive", ((RowResult) outcomes.get(0)).label());
        assertEquals("negative", ((RowResult) outcomes.get(2)).label());
        assertEquals("a", outcomes.get(0).id());
        RowResult last = (RowResult) outcomes.get(3);
        assertEquals(classifier.classify(List.of("服务很好！"), 3).get(0).scores(), last.scores(),
                "a row's result is the classifier's own for that text");
        assertEquals(last.score(), last.scores().get(last.label()), 0.0);
    }

    @Test
    void answersABatchOfErrorsWithoutRunningTheModel() {
        List<BatchRow> rows = List.of(new RowError(1, null, "missing_field", "no text"));
        assertEquals(rows, new RowClassifier(classifier, 1).classify(rows));
    }

    @Test
    void refusesATopKTheBundleCannotGive() {
        assertThrows(IllegalArgumentException.class, () -> new RowClassifier(classifier, 4));
        assertThrows(IllegalArgumentException.class, () -> new RowClassifier(classifier, 0));
    }
}
