package dev.sift.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** {@code sift.feedback.store=none}: nothing to open, nothing stored, every save refused with the reason. */
class NoFeedbackStoreTest {
    private static final FeedbackStores.S3Options NO_S3 = new FeedbackStores.S3Options(Optional.empty(), Optional.empty(), false);

    @Test
    void noneOpensAStoreThatRefusesEveryCorrection() {
        try (FeedbackStore store = FeedbackStores.open("none", NO_S3)) {
            assertEquals("none", store.location());
            assertEquals(List.of(), store.recordKeys());
            FeedbackRecord record = new FeedbackRecord(FeedbackRecord.SCHEMA_VERSION, "fb-1", "床很舒服", "positive", null,
                    null, null, null, Map.of(), Instant.parse("2026-12-01T00:00:00Z"), null);
            var refused = assertThrows(FeedbackDisabledException.class, () -> store.save(record));
            assertTrue(refused.getMessage().contains("sift.feedback.store=none"), refused.getMessage());
        }
    }

    @Test
    void anUnknownSchemeNamesTheThreeChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> FeedbackStores.open("ftp://x", NO_S3));
        assertEquals("feedback store must be file:<path>, s3://bucket/prefix or none, got 'ftp://x'", e.getMessage());
    }
}
