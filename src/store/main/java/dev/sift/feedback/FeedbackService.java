package dev.sift.feedback;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a validated submission into a stored record: redacts (when configured), fixes the id, stamps
 * the time and saves. Redaction comes before the id is derived, so the id is a hash of what is
 * stored: a retry still maps to the same id (redaction is deterministic), and the id of a text
 * with a phone number is not a hash of the phone number, which could be reversed by trying all
 * of them.
 */
public final class FeedbackService {
    /** What the client is told: the record's id and whether it was already stored. */
    public record Receipt(String id, boolean duplicate) {
    }

    private final FeedbackStore store;
    private final boolean redact;
    private final Clock clock;

    public FeedbackService(FeedbackStore store, boolean redact, Clock clock) {
        this.store = store;
        this.redact = redact;
        this.clock = clock;
    }

    public Receipt submit(FeedbackSubmission submission) {
        String text = submission.text();
        Map<String, Object> metadata = submission.metadata();
        List<String> redacted = null;
        if (redact) {
            Set<String> kinds = new LinkedHashSet<>();
            Redactor.Result result = Redactor.redact(text);
            text = result.text();
            kinds.addAll(result.kinds());
            metadata = new LinkedHashMap<>(metadata);
            for (Map.Entry<String, Object> entry : metadata.entrySet()) {
                if (entry.getValue() instanceof String value) {
                    Redactor.Result r = Redactor.redact(value);
                    entry.setValue(r.text());
                    kinds.addAll(r.kinds());
                }
            }
            redacted = new ArrayList<>(kinds);
        }
        String id = submission.id() != null ? submission.id()
                : FeedbackIds.derive(text, submission.label(), submission.source());
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        FeedbackRecord record = new FeedbackRecord(FeedbackRecord.SCHEMA_VERSION, id, text, submission.label(),
                submission.predicted(), submission.score(), submission.modelVersion(), submission.source(), metadata,
                now, redacted);
        FeedbackStore.Saved saved = store.save(record);
        return new Receipt(saved.id(), saved.duplicate());
    }

    public FeedbackStore store() {
        return store;
    }
}
