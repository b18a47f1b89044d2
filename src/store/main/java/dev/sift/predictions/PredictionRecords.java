package dev.sift.predictions;

import java.time.Instant;
import java.util.List;

import dev.sift.feedback.Redactor;
import dev.sift.model.ModelInfo;
import dev.sift.model.Prediction;
import dev.sift.model.TextClassifier;
import dev.sift.text.Encoding;
import dev.sift.text.TextSketch;

/** Builds the prediction log's record of one classified text: what serving logs and what its benchmark times. */
public final class PredictionRecords {
    private PredictionRecords() {
    }

    /**
     * @param keepText whether to keep the text, redacted as feedback is ({@code sift.predictions.keep-text})
     */
    public static PredictionRecord of(Instant time, String function, TextClassifier classifier, String text,
            Prediction p, boolean keepText) {
        ModelInfo model = classifier.info();
        // Tokenized again rather than taken from classify: classify does not keep its encodings, and a
        // short text's tokenization costs microseconds (README, Prediction log).
        Encoding encoding = classifier.encoder().encode(List.of(text)).get(0);
        int pieces = Math.max(1, encoding.length() - 2);
        long unknown = 0;
        for (String token : encoding.tokens()) {
            unknown += "[UNK]".equals(token) ? 1 : 0;
        }
        Redactor.Result kept = keepText ? Redactor.redact(text) : null;
        return new PredictionRecord(time, function, model.name(), model.version(), p.label(), p.abstained(), p.labels(),
                p.scores(), text.length(), encoding.length(), (double) unknown / pieces, TextSketch.of(text),
                kept == null ? null : kept.text(), kept == null ? null : kept.kinds());
    }
}
