package dev.sift.backlog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs chunks of a stream on a fixed number of worker threads and hands their results back in
 * stream order. At most {@code 2 × workers} chunks are read ahead, so memory stays bounded however
 * long the stream is, and a worker never waits for the reader while another chunk is queued.
 */
final class OrderedChunks<T, R> implements AutoCloseable {
    /** Receives each chunk's result in stream order, on the calling thread. */
    interface Sink<R> {
        void accept(R result) throws Exception;
    }

    private final ExecutorService pool;
    private final int workers;
    private final int chunkSize;

    OrderedChunks(int workers, int chunkSize) {
        if (workers < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("workers and chunk size must be at least 1, got " + workers + ", " + chunkSize);
        }
        this.workers = workers;
        this.chunkSize = chunkSize;
        this.pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "classify-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Every item of {@code items}, in chunks of the chunk size, through {@code work}, each result to
     * {@code sink} in order. A failed chunk stops the run after the sink has had every chunk before it.
     */
    void run(Iterator<T> items, Function<List<T>, R> work, Sink<R> sink) throws Exception {
        Deque<Future<R>> pending = new ArrayDeque<>();
        while (items.hasNext()) {
            List<T> chunk = new ArrayList<>(chunkSize);
            while (chunk.size() < chunkSize && items.hasNext()) {
                chunk.add(items.next());
            }
            pending.add(pool.submit(() -> work.apply(chunk)));
            while (pending.size() >= 2 * workers) {
                sink.accept(take(pending));
            }
        }
        while (!pending.isEmpty()) {
            sink.accept(take(pending));
        }
    }

    private static <R> R take(Deque<Future<R>> pending) throws Exception {
        try {
            return pending.removeFirst().get();
        } catch (ExecutionException e) {
            pending.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
