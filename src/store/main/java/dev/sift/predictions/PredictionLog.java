package dev.sift.predictions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.sift.feedback.FeedbackStore;

/**
 * A sample of the served predictions, batched into JSON-lines objects in a feedback-style store
 * ({@code file:} or {@code s3://}), one object per batch at
 * {@code dt=<UTC date>/<HHmmss.SSS>-<uuid>.jsonl}: new keys only, written as durably as feedback.
 *
 * <p>Nothing here may fail or slow a classify. {@link #add} appends to an in-memory batch; a batch
 * is written when it holds {@code batchSize} records or its oldest is {@code maxAge} old, and a
 * write that fails drops that batch, counts its records ({@link #dropped()}) and logs once a minute.
 * How a due batch is written depends on where the process runs:
 * <ul>
 * <li>{@link Flush#BACKGROUND} (the HTTP server): one writer thread; at most 4 batches wait for it,
 * beyond that a batch is dropped and counted rather than holding memory. A timer writes a batch
 * that reached {@code maxAge} while no request came.</li>
 * <li>{@link Flush#INLINE} (Lambda): the request that finds a batch due writes it before its answer
 * is returned. Lambda freezes the process between invocations, so a background write could be
 * frozen half-way and time out; written inline, a write is always finished or failed while the
 * function runs. It costs that one request the write (one PUT per {@code batchSize} records), not
 * the others. What a reclaimed container still buffers (less than one batch, at most {@code maxAge}
 * old) is lost, which a sample can afford.</li>
 * </ul>
 */
public final class PredictionLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PredictionLog.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss.SSS").withZone(ZoneOffset.UTC);
    private static final int WAITING_BATCHES = 4;

    public enum Flush { BACKGROUND, INLINE }

    private final FeedbackStore store;
    private final double sampleRate;
    private final int batchSize;
    private final Duration maxAge;
    private final Clock clock;
    private final Flush flush;
    private final ThreadPoolExecutor writer;
    private final ScheduledExecutorService timer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);
    private List<PredictionRecord> batch = new ArrayList<>();
    private Instant oldest;

    public PredictionLog(FeedbackStore store, double sampleRate, int batchSize, Duration maxAge, Clock clock, Flush flush) {
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sift.predictions.sample-rate must be in [0, 1], got " + sampleRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("sift.predictions.batch-size must be at least 1, got " + batchSize);
        }
        this.store = store;
        this.sampleRate = sampleRate;
        this.batchSize = batchSize;
        this.maxAge = maxAge;
        this.clock = clock;
        this.flush = flush;
        this.writer = flush == Flush.BACKGROUND ? new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WAITING_BATCHES), r -> {
                    Thread t = new Thread(r, "sift-prediction-log");
                    t.setDaemon(true);
                    return t;
                }) : null;
        this.timer = flush == Flush.BACKGROUND ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sift-prediction-log-timer");
            t.setDaemon(true);
            return t;
        }) : null;
        if (timer != null) {
            long period = Math.max(1, maxAge.toMillis());
            timer.scheduleAtFixedRate(() -> add(List.of()), period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether to log the next prediction: decided before the record is built, so an unsampled text costs nothing. */
    public boolean sample() {
        return sampleRate >= 1 || (sampleRate > 0 && ThreadLocalRandom.current().nextDouble() < sampleRate);
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Adds records to the current batch, and writes the batch if it is now due (see the class comment
     * for how); with no records, only checks the batch's age.
     */
    public void add(List<PredictionRecord> records) {
        List<PredictionRecord> due = null;
        synchronized (this) {
            if (batch.isEmpty()) {
                if (records.isEmpty()) {
                    return;
                }
                oldest = clock.instant();
            }
            batch.addAll(records);
            if (batch.size() >= batchSize || !clock.instant().isBefore(oldest.plus(maxAge))) {
                due = take();
            }
        }
        if (due != null) {
            dispatch(due);
        }
    }

    /** Writes what is buffered now, on the caller's thread (shutdown, tests), and waits for the writer thread's queue. */
    public void flush() {
        List<PredictionRecord> rest;
        synchronized (this) {
            rest = take();
        }
        if (!rest.isEmpty()) {
            write(rest);
        }
        if (writer != null) {
            // Batches already handed to the writer thread finish before flush returns (at most 30 s).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((writer.getActiveCount() > 0 || !writer.getQueue().isEmpty()) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Records written to the store so far. */
    public long written() {
        return written.get();
    }

    /** Records lost so far: their batch could not be written, or too many batches were waiting. */
    public long dropped() {
        return dropped.get();
    }

    public String location() {
        return store.location();
    }

    private List<PredictionRecord> take() {
        List<PredictionRecord> taken = batch;
        batch = new ArrayList<>();
        return taken;
    }

    private void dispatch(List<PredictionRecord> due) {
        if (writer == null) {
            write(due);
            return;
        }
        try {
            writer.execute(() -> write(due));
        } catch (RejectedExecutionException e) {
            lose(due.size(), "the writer is " + WAITING_BATCHES + " batches behind");
        }
    }

    private void write(List<PredictionRecord> records) {
        Instant now = clock.instant();
        String key = "dt=" + now.atZone(ZoneOffset.UTC).toLocalDate() + "/" + TIME.format(now) + "-" + UUID.randomUUID()
                + ".jsonl";
        try {
            store.createObject(key, PredictionJson.lines(records));
            written.addAndGet(records.size());
        } catch (RuntimeException e) {
            lose(records.size(), e.toString());
        }
    }

    private void lose(int records, String why) {
        long total = dropped.addAndGet(records);
        long now = System.nanoTime();
        long last = lastWarning.get();
        if ((last == Long.MIN_VALUE || now - last > TimeUnit.MINUTES.toNanos(1)) && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("prediction log %s dropped %d records (%d so far): %s", store.location(), records, total, why);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        flush();
        if (writer != null) {
            writer.shutdown();
        }
        store.close();
    }
}
