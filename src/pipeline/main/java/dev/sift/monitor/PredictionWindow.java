package dev.sift.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import dev.sift.feedback.FeedbackStore;
import dev.sift.feedback.FeedbackStores;
import dev.sift.predictions.PredictionJson;
import dev.sift.predictions.PredictionRecord;

/**
 * The prediction log's records whose day partition lies in [since, until] (either may be null: open).
 * A line that is not a prediction record is skipped and counted, with its object and line number
 * logged, never silently; so is an object that cannot be read.
 */
public record PredictionWindow(List<PredictionRecord> records, int objects, int skippedLines, int unreadableObjects) {
    private static final Logger LOG = Logger.getLogger(PredictionWindow.class);

    /** Opens the log at {@code uri} ({@code s3Endpoint}: an S3-compatible server, path-style; null: AWS) and reads the window. */
    public static PredictionWindow read(String uri, java.net.URI s3Endpoint, LocalDate since, LocalDate until) {
        FeedbackStores.S3Options s3 = s3Endpoint == null ? FeedbackStores.S3Options.defaults()
                : new FeedbackStores.S3Options(java.util.Optional.of(s3Endpoint), java.util.Optional.empty(), true);
        try (FeedbackStore store = FeedbackStores.open(uri, s3)) {
            return read(store, since, until);
        }
    }

    /** Longest window listed day by day; a longer or open one lists the whole log once. */
    static final int DAYS_LISTED_ONE_BY_ONE = 62;

    /**
     * The window's object keys: day by day by partition prefix for a bounded window (the daily
     * monitor's is one day), so the listing does not grow with the months the log holds.
     */
    static List<String> keys(FeedbackStore store, LocalDate since, LocalDate until) {
        if (since == null || until == null || since.plusDays(DAYS_LISTED_ONE_BY_ONE).isBefore(until)) {
            return store.objectKeys();
        }
        List<String> keys = new ArrayList<>();
        for (LocalDate day = since; !day.isAfter(until); day = day.plusDays(1)) {
            keys.addAll(store.objectKeys(day));
        }
        return keys;
    }

    public static PredictionWindow read(FeedbackStore store, LocalDate since, LocalDate until) {
        List<PredictionRecord> records = new ArrayList<>();
        int objects = 0;
        int skipped = 0;
        int unreadable = 0;
        for (String key : keys(store, since, until)) {
            LocalDate day = LocalDate.parse(key.substring("dt=".length(), "dt=".length() + 10));
            if ((since != null && day.isBefore(since)) || (until != null && day.isAfter(until))) {
                continue;
            }
            objects++;
            String content;
            try {
                content = new String(store.readBytes(key), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                unreadable++;
                LOG.warnf("prediction log %s: %s cannot be read, skipped: %s", store.location(), key, e.toString());
                continue;
            }
            int line = 0;
            for (String text : content.split("\n")) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    records.add(PredictionJson.read(text));
                } catch (IllegalArgumentException e) {
                    skipped++;
                    LOG.warnf("prediction log %s: %s line %d is not a prediction record, skipped: %s", store.location(),
                            key, line, e.getMessage());
                }
            }
        }
        return new PredictionWindow(records, objects, skipped, unreadable);
    }
}
