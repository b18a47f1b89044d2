package dev.sift.discover;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * One line on stderr, redrawn in place at most twice a second:
 * {@code embedding [########----------] 12,480/62,774 texts  208/s  ETA 4m02s}.
 * The rate is over the whole run so far, so the ETA settles instead of jumping with each batch.
 *
 * <p>A stream whose item count is unknown until its end ({@link #overBytes}) measures the fraction
 * done in bytes read and the rate in items:
 * {@code classify [#####---] 45% 28,123 rows  512 rows/s  ETA 1m08s}.
 */
public final class ProgressBar {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 500_000_000L;

    private final String what;
    private final String unit;
    private final long total;
    private final PrintStream out;
    private final LongSupplier clock;
    private final long start;
    private final boolean overBytes;
    private long done;
    private long bytes;
    private long lastDraw;

    public ProgressBar(String what, long total, String unit, PrintStream out) {
        this(what, total, unit, out, System::nanoTime);
    }

    ProgressBar(String what, long total, String unit, PrintStream out, LongSupplier clock) {
        this(what, total, unit, out, clock, false);
    }

    private ProgressBar(String what, long total, String unit, PrintStream out, LongSupplier clock, boolean overBytes) {
        this.overBytes = overBytes;
        this.what = what;
        this.unit = unit;
        this.total = Math.max(total, 1);
        this.out = out;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastDraw = start - REDRAW_NANOS;
    }

    /** A bar over {@code totalBytes} of input, counting {@code unit}s as they are done: see {@link #update}. */
    public static ProgressBar overBytes(String what, long totalBytes, String unit, PrintStream out) {
        return overBytes(what, totalBytes, unit, out, System::nanoTime);
    }

    static ProgressBar overBytes(String what, long totalBytes, String unit, PrintStream out, LongSupplier clock) {
        return new ProgressBar(what, totalBytes, unit, out, clock, true);
    }

    /** For a bar {@link #overBytes}: {@code items} more done, {@code bytesRead} of the input read so far. */
    public void update(long items, long bytesRead) {
        bytes = bytesRead;
        advance(items);
    }

    public void advance(long n) {
        done += n;
        long now = clock.getAsLong();
        if (now - lastDraw >= REDRAW_NANOS || (!overBytes && done >= total)) {
            lastDraw = now;
            out.print("\r" + line(now) + "  ");
            out.flush();
        }
    }

    /** Ends the line, with the total time. */
    public void finish() {
        long now = clock.getAsLong();
        out.println("\r" + line(now) + "  done in " + duration((now - start) / 1e9));
    }

    String line(long now) {
        double seconds = Math.max((now - start) / 1e9, 1e-9);
        double rate = done / seconds;
        if (overBytes) {
            double fraction = Math.min(1.0, (double) bytes / total);
            int filled = (int) (WIDTH * fraction);
            String eta = bytes == 0 ? "?" : duration(seconds * (1 - fraction) / fraction);
            return String.format("%s [%s%s] %3.0f%% %,d %s  %,.0f %s/s  ETA %s", what, "#".repeat(filled),
                    "-".repeat(WIDTH - filled), 100 * fraction, done, unit, rate, unit, eta);
        }
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        String eta = done == 0 ? "?" : duration((total - Math.min(done, total)) / rate);
        String format = rate < 10 ? "%s [%s%s] %,d/%,d %s  %.2f/s  ETA %s" : "%s [%s%s] %,d/%,d %s  %,.0f/s  ETA %s";
        return String.format(format, what, "#".repeat(filled), "-".repeat(WIDTH - filled), done, total, unit, rate, eta);
    }

    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
