package dev.sift.batch;

import java.util.ArrayList;
import java.util.List;

import dev.sift.model.Prediction;
import dev.sift.model.TextClassifier;

/**
 * Classifies the texts among a list of rows in one call, so the classifier groups them by length
 * across the whole list, and returns one outcome per row in the rows' order: the errors stay in
 * their place, between the results. Thread-safe, as the classifier is.
 */
public final class RowClassifier {
    private final TextClassifier classifier;
    private final int topK;

    /** @param topK how many labels each result's {@code scores} lists (all of them: the bundle's label count) */
    public RowClassifier(TextClassifier classifier, int topK) {
        int labels = classifier.info().labels().size();
        if (topK < 1 || topK > labels) {
            throw new IllegalArgumentException("topK must be between 1 and " + labels + ", got " + topK);
        }
        this.classifier = classifier;
        this.topK = topK;
    }

    public List<RowOutcome> classify(List<BatchRow> rows) {
        List<String> texts = new ArrayList<>(rows.size());
        for (BatchRow row : rows) {
            if (row instanceof TextRow text) {
                texts.add(text.text());
            }
        }
        List<Prediction> predictions = texts.isEmpty() ? List.of() : classifier.classify(texts, topK);
        List<RowOutcome> outcomes = new ArrayList<>(rows.size());
        int next = 0;
        for (BatchRow row : rows) {
            outcomes.add(row instanceof TextRow text ? result(text, predictions.get(next++)) : (RowError) row);
        }
        return outcomes;
    }

    private static RowResult result(TextRow row, Prediction p) {
        return new RowResult(row.row(), row.id(), p.label(), p.score(), p.scores(), p.labels());
    }
}
