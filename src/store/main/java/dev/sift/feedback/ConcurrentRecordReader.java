package dev.sift.feedback;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads many records of a store with several reads in flight, and hands them over in the order
 * of the keys, so what is built from them (digests, manifests) does not depend on timing.
 *
 * <p>On S3 each record is one GetObject whose time is almost all round trip, so reading one after
 * the other leaves the pipeline step waiting on the network. At most {@code concurrency} reads run
 * at once and at most {@code 4 × concurrency} results wait to be consumed, so memory stays bounded
 * however large the store is. A read that fails (I/O, an SDK error, a record listed but gone) fails
 * the whole read: a training set silently missing records is worse than a step that fails and is
 * retried.
 */
public final class ConcurrentRecordReader {
    /** What is done with each record's bytes, in key order. */
    @FunctionalInterface
    public interface RecordConsumer {
        void accept(String key, byte[] bytes) throws IOException;
    }

    private final FeedbackStore store;
    private final int concurrency;

    public ConcurrentRecordReader(FeedbackStore store, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.store = store;
        this.concurrency = concurrency;
    }

    /** Reads every key and passes its bytes to {@code consumer}; throws on the first read that fails. */
    public void forEach(List<String> keys, RecordConsumer consumer) throws IOException {
        if (keys.isEmpty()) {
            return;
        }
        ExecutorService readers = Executors.newFixedThreadPool(Math.min(concurrency, keys.size()), daemonThreads());
        Deque<Future<byte[]>> pending = new ArrayDeque<>();
        int window = 4 * concurrency;
        int next = 0;
        try {
            for (int done = 0; done < keys.size(); done++) {
                while (next < keys.size() && pending.size() < window) {
                    String key = keys.get(next++);
                    pending.add(readers.submit(() -> store.readBytes(key)));
                }
                consumer.accept(keys.get(done), await(pending.removeFirst(), keys.get(done)));
            }
        } finally {
            readers.shutdownNow(); // after a failure: drops the reads still queued
        }
    }

    private byte[] await(Future<byte[]> read, String key) throws IOException {
        try {
            return read.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException("feedback store " + store.location() + ": record " + key + " could not be read ("
                    + cause + "); stopping rather than leaving it out", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + store.location(), e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "feedback-read-" + count.incrementAndGet());
            thread.setDaemon(true); // never keeps a CLI run or a Lambda invocation alive
            return thread;
        };
    }
}
