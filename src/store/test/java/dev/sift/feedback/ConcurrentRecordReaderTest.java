package dev.sift.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class ConcurrentRecordReaderTest {

    /** A store whose reads run {@code during} (inside the read) and return the key's bytes. */
    private static final class SlowStore implements FeedbackStore {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final Consumer<String> during;

        SlowStore(Consumer<String> during) {
            this.during = during;
        }

        @Override
        public byte[] readBytes(String key) throws IOException {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (key.contains("broken")) {
                    throw new IOException("GetObject " + key + ": 500 Internal Error");
                }
                during.accept(key);
                return key.getBytes(StandardCharsets.UTF_8);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public Saved save(FeedbackRecord record) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> recordKeys() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String location() {
            return "slow:";
        }

        @Override
        public void close() {
        }
    }

    private static List<String> keys(int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(String.format("dt=2026-05-01/r-%04d.json", i));
        }
        return keys;
    }

    @Test
    void readsUpToItsBoundAtOnceAndHandsRecordsOverInKeyOrder() throws Exception {
        // The first 16 reads wait for each other: they only all arrive if 16 run at once.
        CountDownLatch sixteenAtOnce = new CountDownLatch(16);
        SlowStore store = new SlowStore(key -> {
            sixteenAtOnce.countDown();
            try {
                assertTrue(sixteenAtOnce.await(10, TimeUnit.SECONDS), "16 reads never ran at once");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<String> keys = keys(300);
        List<String> seen = new ArrayList<>();
        new ConcurrentRecordReader(store, 16).forEach(keys, (key, bytes) -> {
            assertEquals(key, new String(bytes, StandardCharsets.UTF_8));
            seen.add(key);
        });
        assertEquals(keys, seen);
        assertEquals(16, store.mostInFlight.get(), "never more than the bound");
    }

    @Test
    void aFailedReadFailsTheWholeReadAndNamesTheRecord() {
        SlowStore store = new SlowStore(key -> {
        });
        List<String> keys = keys(300);
        keys.set(150, "dt=2026-05-01/broken.json");
        List<String> seen = new ArrayList<>();
        IOException e = assertThrows(IOException.class,
                () -> new ConcurrentRecordReader(store, 16).forEach(keys, (key, bytes) -> seen.add(key)));
        assertTrue(e.getMessage().contains("dt=2026-05-01/broken.json") && e.getMessage().contains("500 Internal Error"),
                e.getMessage());
        assertEquals(keys.subList(0, 150), seen, "nothing after the failed record is handed over");
    }
}
