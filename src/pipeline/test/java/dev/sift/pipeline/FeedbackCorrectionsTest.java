package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import dev.sift.feedback.FeedbackRecord;
import dev.sift.feedback.FeedbackStore;
import dev.sift.feedback.FeedbackStores;
import dev.sift.feedback.S3MockServer;

/** Reading an S3 feedback store (s3mock on loopback) for prepare: several GETs at once, and no record lost silently. */
class FeedbackCorrectionsTest {
    private static final int RECORDS = 300;
    private static FeedbackStore s3;

    /** The real S3 store, watched: how many reads run at once; {@code extraKeys} are listed but were never written. */
    private static final class WatchedStore implements FeedbackStore {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final List<String> extraKeys;

        WatchedStore(List<String> extraKeys) {
            this.extraKeys = extraKeys;
        }

        @Override
        public List<String> recordKeys() {
            List<String> keys = new ArrayList<>(s3.recordKeys());
            keys.addAll(extraKeys);
            return keys;
        }

        @Override
        public byte[] readBytes(String key) throws IOException {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                return s3.readBytes(key);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public Saved save(FeedbackRecord record) {
            return s3.save(record);
        }

        @Override
        public String location() {
            return s3.location();
        }

        @Override
        public void close() {
        }
    }

    @BeforeAll
    static void fill() {
        s3 = FeedbackStores.open("s3://" + S3MockServer.BUCKET + "/corrections-" + UUID.randomUUID(),
                new FeedbackStores.S3Options(Optional.of(S3MockServer.endpoint()), Optional.of("us-east-1"), true),
                S3MockServer.credentials());
        Instant day = Instant.parse("2026-05-01T08:00:00Z");
        for (int i = 0; i < RECORDS; i++) {
            s3.save(new FeedbackRecord(FeedbackRecord.SCHEMA_VERSION, "c-" + i, "第" + i + "条：早餐丰富",
                    i % 2 == 0 ? "positive" : "negative", null, null, null, "app", Map.of(), day.plusSeconds(i), null));
        }
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    @Test
    void readsAFewHundredS3RecordsSeveralAtATime() throws Exception {
        WatchedStore store = new WatchedStore(List.of());
        SkippedInputs skipped = new SkippedInputs();
        FeedbackCorrections corrections = FeedbackCorrections.read(store, Map.of(), skipped);
        assertEquals(RECORDS, corrections.recordsRead);
        assertEquals(RECORDS, corrections.corrections.size());
        assertEquals(0, skipped.total());
        int most = store.mostInFlight.get();
        assertTrue(most > 1 && most <= FeedbackCorrections.READ_CONCURRENCY, "GETs in flight at most: " + most);
    }

    @Test
    void aGetObjectThatFailsFailsTheReadInsteadOfDroppingTheRecord() {
        // Listed, then gone (or S3 refusing): a real SDK error from the real client (404 NoSuchKey).
        WatchedStore store = new WatchedStore(List.of("dt=2026-05-02/vanished.json"));
        IOException e = assertThrows(IOException.class, () -> FeedbackCorrections.read(store, Map.of(), new SkippedInputs()));
        assertTrue(e.getMessage().contains("dt=2026-05-02/vanished.json"), e.getMessage());
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof NoSuchKeyException, "caused by " + cause);
    }
}
