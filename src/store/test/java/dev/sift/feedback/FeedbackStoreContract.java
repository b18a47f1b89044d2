package dev.sift.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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

    static FeedbackRecord withText(FeedbackRecord r, String text) {
        return new FeedbackRecord(r.schemaVersion(), r.id(), text, r.label(), r.predicted(), r.score(), r.modelVersion(),
                r.source(), r.metadata(), r.receivedAt(), r.redacted());
    }

    @Test
    void aSecondSaveOfTheSameCorrectionIsADuplicateAndKeepsTheFirstRecord() throws Exception {
        FeedbackRecord first = record("r-2", "房间 很脏", "negative", DAY_1);
        store.save(first);
        // A retry: the same text (up to white space), label and source; what it says around them is not merged.
        FeedbackRecord retry = new FeedbackRecord(FeedbackRecord.SCHEMA_VERSION, "r-2", "  房间  很脏 ", "negative",
                "negative", 0.51, "2.0.0", "app", Map.of("channel", "ios"), DAY_1.plusSeconds(1), List.of());
        FeedbackStore.Saved again = store.save(retry);
        assertTrue(again.duplicate());
        assertEquals(1, store.recordKeys().size());
        assertEquals(first, store.read(again.key()));
    }

    @Test
    void aReusedIdWithAnotherTextLabelOrSourceIsAConflictAndStoresNothing() throws Exception {
        FeedbackRecord first = record("r-6", "房间很脏", "negative", DAY_1);
        store.save(first);
        FeedbackRecord otherSource = new FeedbackRecord(first.schemaVersion(), "r-6", first.text(), first.label(),
                first.predicted(), first.score(), first.modelVersion(), "support", first.metadata(), DAY_1, List.of());
        for (FeedbackRecord reuse : List.of(withText(first, "房间很干净"), record("r-6", "房间很脏", "positive", DAY_1),
                otherSource)) {
            IdConflictException conflict = assertThrows(IdConflictException.class, () -> store.save(reuse));
            assertEquals("r-6", conflict.id());
        }
        assertEquals(List.of("dt=2026-05-01/r-6.json"), store.recordKeys());
        assertEquals(first, store.read("dt=2026-05-01/r-6.json"));
        assertTrue(store.save(first).duplicate(), "the original correction is still a retry");
    }

    @Test
    void aMarkerWrittenBeforePayloadHashesAcceptsAnyRetryAsADuplicate() throws Exception {
        // The old marker held only the record key: what the first post said is unknown, so the
        // save keeps answering as it did when that marker was written.
        FeedbackRecord first = record("r-7", "房间很脏", "negative", DAY_1);
        assertTrue(store.createIfAbsent(FeedbackLayout.markerKey("r-7"),
                "dt=2026-05-01/r-7.json\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(store.createIfAbsent("dt=2026-05-01/r-7.json", FeedbackJson.write(first)));
        FeedbackStore.Saved reuse = store.save(record("r-7", "完全不同", "positive", DAY_1.plusSeconds(5)));
        assertTrue(reuse.duplicate());
        assertEquals(first, store.read(reuse.key()));
    }

    @Test
    void aCrashAfterTheMarkerStillRefusesAnotherCorrectionUnderItsId() throws Exception {
        FeedbackRecord first = record("r-8", "房间很脏", "negative", DAY_1);
        String marker = new String(FeedbackMarker.of(first).bytes(), StandardCharsets.UTF_8);
        assertTrue(store.createIfAbsent(FeedbackLayout.markerKey("r-8"), marker.getBytes(StandardCharsets.UTF_8)));
        assertThrows(IdConflictException.class, () -> store.save(withText(first, "别的")));
        assertEquals(List.of(), store.recordKeys());
        assertFalse(store.save(first).duplicate(), "the first correction's retry repairs the crash");
        assertEquals(List.of("dt=2026-05-01/r-8.json"), store.recordKeys());
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
                // Half the posts retry one correction, half reuse the id for another: whichever
                // claims the id first wins, its kind are duplicates, the other kind conflicts.
                String id = "race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<FeedbackStore.Saved>> results = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    FeedbackRecord record = record(id, t % 2 == 0 ? "text A" : "text B", "negative", DAY_1.plusMillis(t));
                    Callable<FeedbackStore.Saved> save = () -> {
                        go.await();
                        return store.save(record);
                    };
                    results.add(pool.submit(save));
                }
                go.countDown();
                long created = 0;
                long conflicts = 0;
                for (Future<FeedbackStore.Saved> result : results) {
                    try {
                        created += result.get().duplicate() ? 0 : 1;
                    } catch (ExecutionException e) {
                        assertInstanceOf(IdConflictException.class, e.getCause());
                        conflicts++;
                    }
                }
                assertEquals(1, created, "round " + round);
                assertEquals(8, conflicts, "round " + round);
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
    void otherObjectsAreListedWholeOrOneDayAtATimeButNeverWithRecords() {
        store.save(record("r-6", "text", "negative", DAY_1));
        byte[] batch = "{}\n".getBytes(StandardCharsets.UTF_8);
        assertTrue(store.createObject("dt=2026-05-01/predictions-a.jsonl", batch));
        assertTrue(store.createObject("dt=2026-05-02/predictions-b.jsonl", batch));
        assertTrue(store.createObject("dt=2026-05-12/predictions-c.jsonl", batch));

        assertEquals(List.of("dt=2026-05-01/predictions-a.jsonl", "dt=2026-05-02/predictions-b.jsonl",
                "dt=2026-05-12/predictions-c.jsonl"), store.objectKeys());
        assertEquals(List.of("dt=2026-05-01/predictions-a.jsonl"), store.objectKeys(java.time.LocalDate.parse("2026-05-01")));
        assertEquals(List.of("dt=2026-05-12/predictions-c.jsonl"), store.objectKeys(java.time.LocalDate.parse("2026-05-12")),
                "that day's partition only");
        assertEquals(List.of(), store.objectKeys(java.time.LocalDate.parse("2026-05-03")));
    }

    @Test
    void markersAreNotRecords() {
        store.save(record("r-5", "text", "negative", DAY_1));
        assertEquals(List.of("dt=2026-05-01/r-5.json"), store.recordKeys());
        assertTrue(store.find(FeedbackLayout.markerKey("r-5")).isPresent());
    }
}
