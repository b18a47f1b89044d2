package dev.sift.predictions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sift.feedback.FeedbackStore;
import dev.sift.feedback.FeedbackStores;
import dev.sift.feedback.S3MockServer;
import dev.sift.s3.S3Connection;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The prediction log on a real file store and on s3mock: batching, partitions, round trip, losses counted. */
class PredictionLogTest {
    @TempDir
    Path temp;

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-02T23:59:58Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static PredictionRecord record(Instant time, String label, String text) {
        return new PredictionRecord(time, "classify", "review-sentiment", "1.3.0", label, label == null,
                null, Map.of("positive", 0.7, "negative", 0.3), 12, 14, 1.0 / 12, new float[] {0.5f, -0.25f, 0.125f},
                text, text == null ? null : List.of("phone"));
    }

    private FeedbackStore fileStore() {
        return FeedbackStores.open("file:" + temp.resolve("predictions"), FeedbackStores.S3Options.defaults());
    }

    private List<Path> objects() throws IOException {
        Path root = temp.resolve("predictions");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    @Test
    void writesABatchWhenItIsFullIntoItsDayPartitionAndReadsBack() throws IOException {
        TestClock clock = new TestClock();
        try (PredictionLog log = new PredictionLog(fileStore(), 1.0, 3, Duration.ofMinutes(5), clock,
                PredictionLog.Flush.INLINE)) {
            log.add(List.of(record(clock.now, "positive", null), record(clock.now, null, "电话 [PHONE]")));
            assertEquals(List.of(), objects(), "two of three: not due yet");
            log.add(List.of(record(clock.now, "positive", null)));
            List<Path> written = objects();
            assertEquals(1, written.size());
            assertTrue(temp.resolve("predictions").relativize(written.get(0)).toString()
                    .matches("dt=2026-12-02/235958\\.000-[0-9a-f-]{36}\\.jsonl"), written.toString());
            List<String> lines = Files.readAllLines(written.get(0), StandardCharsets.UTF_8);
            assertEquals(3, lines.size());
            PredictionRecord second = PredictionJson.read(lines.get(1));
            assertNull(second.label());
            assertTrue(second.abstained());
            assertEquals("电话 [PHONE]", second.text());
            assertEquals(List.of("phone"), second.redacted());
            assertEquals(Map.of("positive", 0.7, "negative", 0.3), second.scores());
            assertArrayEquals(new float[] {0.5f, -0.25f, 0.125f}, second.sketch());
            assertEquals(14, second.tokens());
            PredictionRecord first = PredictionJson.read(lines.get(0));
            assertNull(first.text(), "no text unless the deployment keeps it");
            assertTrue(!lines.get(0).contains("\"text\""), lines.get(0));
            assertEquals(3, log.written());
        }
    }

    @Test
    void writesABatchOnceItsOldestRecordIsMaxAgeOldAndTheRestOnFlush() throws IOException {
        TestClock clock = new TestClock();
        try (PredictionLog log = new PredictionLog(fileStore(), 1.0, 100, Duration.ofSeconds(60), clock,
                PredictionLog.Flush.INLINE)) {
            log.add(List.of(record(clock.now, "positive", null)));
            clock.now = clock.now.plusSeconds(59);
            log.add(List.of(record(clock.now, "negative", null)));
            assertEquals(0, objects().size());
            clock.now = clock.now.plusSeconds(1);
            log.add(List.of(record(clock.now, "negative", null)));
            assertEquals(1, objects().size());
            assertTrue(objects().get(0).toString().contains("dt=2026-12-03"), "the partition of the write: " + objects());
            log.add(List.of(record(clock.now, "positive", null)));
            log.flush();
            assertEquals(2, objects().size());
            assertEquals(4, log.written());
        }
    }

    @Test
    void theBackgroundWriterWritesOffTheCallersThread() throws IOException {
        try (PredictionLog log = new PredictionLog(fileStore(), 1.0, 5, Duration.ofMinutes(1), Clock.systemUTC(),
                PredictionLog.Flush.BACKGROUND)) {
            for (int i = 0; i < 12; i++) {
                log.add(List.of(record(Instant.now(), "positive", null)));
            }
            log.flush();
            assertEquals(12, log.written(), "two full batches by the writer, the rest by flush");
            assertEquals(3, objects().size());
        }
    }

    @Test
    void aStoreThatCannotBeWrittenLosesCountedRecordsAndNeverThrows() throws IOException {
        Path notADirectory = Files.writeString(temp.resolve("a-file"), "x");
        FeedbackStore broken = FeedbackStores.open("file:" + notADirectory.resolve("predictions"),
                FeedbackStores.S3Options.defaults());
        try (PredictionLog log = new PredictionLog(broken, 1.0, 2, Duration.ofMinutes(1), Clock.systemUTC(),
                PredictionLog.Flush.INLINE)) {
            log.add(List.of(record(Instant.now(), "positive", null), record(Instant.now(), "negative", null)));
            log.add(List.of(record(Instant.now(), "positive", null)));
            log.flush();
            assertEquals(3, log.dropped());
            assertEquals(0, log.written());
        }
    }

    @Test
    void samplesAtTheConfiguredRate() {
        TestClock clock = new TestClock();
        try (PredictionLog none = new PredictionLog(fileStore(), 0.0, 10, Duration.ofMinutes(1), clock,
                PredictionLog.Flush.INLINE);
                PredictionLog all = new PredictionLog(fileStore(), 1.0, 10, Duration.ofMinutes(1), clock,
                        PredictionLog.Flush.INLINE);
                PredictionLog tenth = new PredictionLog(fileStore(), 0.1, 10, Duration.ofMinutes(1), clock,
                        PredictionLog.Flush.INLINE)) {
            int sampled = 0;
            for (int i = 0; i < 20_000; i++) {
                assertTrue(!none.sample() && all.sample());
                sampled += tenth.sample() ? 1 : 0;
            }
            assertTrue(sampled > 1_700 && sampled < 2_300, "about a tenth of 20,000: " + sampled);
        }
        assertThrows(IllegalArgumentException.class, () -> new PredictionLog(fileStore(), 1.5, 10,
                Duration.ofMinutes(1), clock, PredictionLog.Flush.INLINE));
    }

    @Test
    void aStoreRefusesKeysThatAreNotOtherObjects() {
        try (FeedbackStore store = fileStore()) {
            for (String key : List.of("ids/x", "dt=2026-12-02/abc.json", "../escape.jsonl", "/abs.jsonl", ".tmp/x")) {
                assertThrows(IllegalArgumentException.class, () -> store.createObject(key, new byte[] {1}), key);
            }
            assertTrue(store.createObject("dt=2026-12-02/a.jsonl", new byte[] {1}));
            assertTrue(!store.createObject("dt=2026-12-02/a.jsonl", new byte[] {2}), "never overwritten");
        }
    }

    @Test
    void writesToS3() throws IOException {
        String prefix = "predictions-" + UUID.randomUUID();
        FeedbackStore s3 = FeedbackStores.open("s3://" + S3MockServer.BUCKET + "/" + prefix,
                new FeedbackStores.S3Options(Optional.of(S3MockServer.endpoint()), Optional.of("us-east-1"), true),
                S3MockServer.credentials());
        TestClock clock = new TestClock();
        try (PredictionLog log = new PredictionLog(s3, 1.0, 2, Duration.ofMinutes(1), clock, PredictionLog.Flush.INLINE)) {
            log.add(List.of(record(clock.now, "positive", null), record(clock.now, "negative", null)));
            assertEquals(2, log.written());
        }
        try (S3Client client = new S3Connection(Optional.of(S3MockServer.endpoint()), Region.US_EAST_1, true,
                S3MockServer.credentials()).client()) {
            List<S3Object> objects = client.listObjectsV2(b -> b.bucket(S3MockServer.BUCKET).prefix(prefix + "/"))
                    .contents();
            assertEquals(1, objects.size(), objects.toString());
            assertTrue(objects.get(0).key().matches(prefix + "/dt=2026-12-02/235958\\.000-[0-9a-f-]{36}\\.jsonl"),
                    objects.get(0).key());
            String body = client.getObjectAsBytes(b -> b.bucket(S3MockServer.BUCKET).key(objects.get(0).key()))
                    .asUtf8String();
            assertEquals(List.of("positive", "negative"), body.lines().map(l -> PredictionJson.read(l).label()).toList());
        }
    }
}
