package dev.sift.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link FeedbackStore} guarantees; each implementation's test extends this. */
abstract class FeedbackStoreContract {
    static final Instant DAY_1 = Instant.parse("2026-05-01T23:59:58.123Z");

    PartitionedFeedbackStore store;

    /** A new, empty store. */
    abstract PartitionedFeedbackStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static FeedbackRecord record(String id, String text, String label, Instant at) {
        return new FeedbackRecord(FeedbackRecord.SCHEMA_VERSION, id, text, label, "positive", 0.93, "1.0.0", "app",
                Map.of("channel", "web", "stars", 2), at, List.of());
    }

    @Test
    void storesANewRecordUnderItsDatePartitionAndReadsItBack() throws Exception {
        FeedbackRecord record = record("r-1", "房间很脏，不推荐", "negative", DAY_1);
        FeedbackStore.Saved saved = store.save(record);
        assertFalse(saved.duplicate());
        assertEquals("dt=2026-05-01/r-1.json", saved.key());
        assertEquals(List.of("dt=2026-05-01/r-1.json"), store.recordKeys());
        assertEquals(record, store.read(saved.key()));
    }

    @Test
    void aSecondSaveOfTheSameIdIsADuplicateAndKeepsTheFirstRecord() throws Exception {
        store.save(record("r-2", "first", "negative", DAY_1));
        FeedbackStore.Saved again = store.save(record("r-2", "second", "positive", DAY_1.plusSeconds(1)));
        assertTrue(again.duplicate());
        assertEquals(1, store.recordKeys().size());
        assertEquals("first", store.read(again.key()).text());
    }

    @Test
    void aRetryOnTheNextDayFindsTheRecordInItsFirstPartition() {
        store.save(record("r-3", "text", "negative", DAY_1));
        FeedbackStore.Saved retry = store.save(record("r-3", "text", "negative", DAY_1.plus(Duration.ofDays(1))));
        assertTrue(retry.duplicate());
        assertEquals("dt=2026-05-01/r-3.json", retry.key());
        assertEquals(List.of("dt=2026-05-01/r-3.json"), store.recordKeys());
    }

    @Test
    void ofConcurrentSavesOfOneIdExactlyOneCreatesTheRecord() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 10; round++) {
                String id = "race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<FeedbackStore.Saved>> results = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    FeedbackRecord record = record(id, "text " + t, "negative", DAY_1.plusMillis(t));
                    Callable<FeedbackStore.Saved> save = () -> {
                        go.await();
                        return store.save(record);
                    };
                    results.add(pool.submit(save));
                }
                go.countDown();
                long created = 0;
                for (Future<FeedbackStore.Saved> result : results) {
                    created += result.get().duplicate() ? 0 : 1;
                }
                assertEquals(1, created, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(10, store.recordKeys().size());
        for (String key : store.recordKeys()) {
            store.read(key); // every record is complete
        }
    }

    @Test
    void aRetryAfterACrashBetweenMarkerAndRecordStoresTheRecord() throws Exception {
        // What a crash after step 1 leaves: the id claimed, no record.
        assertTrue(store.createIfAbsent(FeedbackLayout.markerKey("r-4"),
                "dt=2026-04-30/r-4.json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), store.recordKeys());
        FeedbackStore.Saved retry = store.save(record("r-4", "text", "negative", DAY_1));
        assertFalse(retry.duplicate(), "the record did not exist, so this save created it");
        assertEquals(List.of("dt=2026-04-30/r-4.json"), store.recordKeys());
    }

    @Test
    void markersAreNotRecords() {
        store.save(record("r-5", "text", "negative", DAY_1));
        assertEquals(List.of("dt=2026-05-01/r-5.json"), store.recordKeys());
        assertTrue(store.find(FeedbackLayout.markerKey("r-5")).isPresent());
    }
}
