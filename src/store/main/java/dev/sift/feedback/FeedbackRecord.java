package dev.sift.feedback;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One stored correction, exactly as it is written to the store (see {@link FeedbackJson} for the
 * JSON form). {@code text} is what was stored, so after redaction it holds the tokens, not the
 * original; {@code redacted} lists the kinds replaced, is empty when redaction found nothing and
 * null when redaction was off.
 */
public record FeedbackRecord(int schemaVersion, String id, String text, String label, String predicted, Double score,
        String modelVersion, String source, Map<String, Object> metadata, Instant receivedAt,
        List<String> redacted) {
    public static final int SCHEMA_VERSION = 1;
}
