package dev.sift.predictions;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One served prediction as the prediction log keeps it: enough to watch label mix, confidence and
 * input drift, and no text unless the deployment asks for it.
 *
 * @param function    the function that served it ({@code classify})
 * @param label       the answered label; null when the text abstained
 * @param labels      a multi-label model's label set; null for single-label models
 * @param scores      label → probability, as answered
 * @param chars       the text's length in UTF-16 code units
 * @param tokens      its token count with [CLS] and [SEP], after truncation to the bundle's maxLength
 * @param unknownRate the share of its word pieces that were [UNK]
 * @param sketch      {@link dev.sift.text.TextSketch}: 16 numbers summarising its characters
 * @param text        the text after redaction, only with {@code sift.predictions.keep-text=true}; else null
 * @param redacted    what redaction replaced in {@code text}; null when the text is not kept
 */
public record PredictionRecord(Instant time, String function, String model, String version, String label,
        boolean abstained, List<String> labels, Map<String, Double> scores, int chars, int tokens, double unknownRate,
        float[] sketch, String text, List<String> redacted) {
}
