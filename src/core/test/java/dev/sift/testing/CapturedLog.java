package dev.sift.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What one logger published while a test listened, each record turned into what the test checks
 * at the moment it was published (a log record's MDC, for one, is the thread's current one until
 * something copies it).
 */
public final class CapturedLog<T> extends Handler {
    private final Logger logger;
    private final Function<LogRecord, T> view;
    private final List<T> records = new CopyOnWriteArrayList<>();

    private CapturedLog(String logger, Function<LogRecord, T> view) {
        this.logger = Logger.getLogger(logger);
        this.view = view;
    }

    /** Starts listening to {@code logger}; {@link #close()} stops. */
    public static <T> CapturedLog<T> listen(String logger, Function<LogRecord, T> view) {
        CapturedLog<T> capture = new CapturedLog<>(logger, view);
        capture.logger.addHandler(capture);
        return capture;
    }

    /** The records so far, oldest first; a live view. */
    public List<T> records() {
        return records;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(view.apply(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
