package dev.sift.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.sift.model.Prediction;
import dev.sift.model.TextClassifier;
import dev.sift.predictions.PredictionRecord;
import dev.sift.predictions.PredictionRecords;

/** Texts classified the way serving classifies them, as the records serving's prediction log would keep. */
final class ClassifiedTexts {
    private static final int CHUNK = 64;

    private ClassifiedTexts() {
    }

    static List<PredictionRecord> records(TextClassifier classifier, List<String> texts, String function, Instant time) {
        int labels = classifier.info().labels().size();
        List<PredictionRecord> records = new ArrayList<>(texts.size());
        for (int start = 0; start < texts.size(); start += CHUNK) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + CHUNK));
            List<Prediction> predictions = classifier.classify(chunk, labels);
            for (int i = 0; i < chunk.size(); i++) {
                records.add(PredictionRecords.of(time, function, classifier, chunk.get(i), predictions.get(i), false));
            }
        }
        return records;
    }
}
