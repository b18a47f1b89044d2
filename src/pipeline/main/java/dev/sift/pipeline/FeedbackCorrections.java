package dev.sift.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.sift.feedback.ConcurrentRecordReader;
import dev.sift.feedback.FeedbackIds;
import dev.sift.feedback.FeedbackJson;
import dev.sift.feedback.FeedbackRecord;
import dev.sift.feedback.FeedbackStore;
import dev.sift.feedback.NormalizedText;

/**
 * Every record of a feedback store reduced to one correction per normalized text. When several
 * records share a text, the most recently received wins (ties broken by id, so the result never
 * depends on listing order); when they disagree on the label, that is a conflict, reported.
 */
final class FeedbackCorrections {
    /**
     * Records read at once. On S3 each is a GetObject of a few hundred bytes, a round trip the
     * step would otherwise wait out 20,000 times in a row, inside a Lambda limited to 15 minutes.
     * With 20 ms added to every request to s3mock, 16 in flight read 2,000 records 7× faster than
     * one at a time (README, Prepare). At ~20 ms a GET, 16 is ~800 GETs/s: far below S3's 5,500
     * per second per prefix, and 16 threads are nothing in the step's memory. Not tuned further.
     */
    static final int READ_CONCURRENCY = 16;
    private static final Comparator<FeedbackRecord> RECEIVED = Comparator.comparing(FeedbackRecord::receivedAt)
            .thenComparing(FeedbackRecord::id);

    /** The winning record of one text, its label mapped, and how many records (per label) were folded into it. */
    record Correction(String normalizedText, FeedbackRecord winner, String label, int records,
            Map<String, Integer> labels) {
        boolean conflicting() {
            return labels.size() > 1;
        }
    }

    final List<Correction> corrections;
    final int recordsRead;
    final String storeSha256;
    /** When each parsed record was received, so a caller can count what is new since a moment. */
    final List<java.time.Instant> receivedAt;

    private FeedbackCorrections(List<Correction> corrections, int recordsRead, String storeSha256,
            List<java.time.Instant> receivedAt) {
        this.corrections = corrections;
        this.recordsRead = recordsRead;
        this.storeSha256 = storeSha256;
        this.receivedAt = receivedAt;
    }

    long receivedAfter(java.time.Instant moment) {
        return receivedAt.stream().filter(t -> t != null && t.isAfter(moment)).count();
    }

    /**
     * {@code labelMap} renames feedback labels into the base data's label space (e.g. negative → 0).
     * A record that cannot be read (I/O or SDK error) fails the read: a training set that silently
     * lacks records is worse than a failed step. One that is read but is not a valid record is
     * skipped with its reason.
     */
    static FeedbackCorrections read(FeedbackStore store, Map<String, String> labelMap, SkippedInputs skipped)
            throws IOException {
        Map<String, List<FeedbackRecord>> byText = new LinkedHashMap<>();
        List<java.time.Instant> receivedAt = new ArrayList<>();
        StringBuilder digestInput = new StringBuilder();
        List<String> keys = store.recordKeys();
        new ConcurrentRecordReader(store, READ_CONCURRENCY).forEach(keys, (key, bytes) -> {
            digestInput.append(key).append(' ').append(FeedbackIds.sha256Hex(bytes)).append('\n');
            FeedbackRecord record;
            try {
                record = FeedbackJson.read(bytes);
            } catch (IOException e) {
                skipped.add("feedback:unparseable", key);
                return;
            }
            String normalized = NormalizedText.of(record.text());
            if (normalized.isEmpty()) {
                skipped.add("feedback:empty_text", key);
                return;
            }
            byText.computeIfAbsent(normalized, t -> new ArrayList<>()).add(record);
            receivedAt.add(record.receivedAt());
        });
        List<Correction> corrections = new ArrayList<>();
        for (Map.Entry<String, List<FeedbackRecord>> group : byText.entrySet()) {
            List<FeedbackRecord> records = group.getValue();
            records.sort(RECEIVED);
            FeedbackRecord winner = records.get(records.size() - 1);
            Map<String, Integer> labels = new TreeMap<>();
            records.forEach(r -> labels.merge(labelMap.getOrDefault(r.label(), r.label()), 1, Integer::sum));
            corrections.add(new Correction(group.getKey(), winner, labelMap.getOrDefault(winner.label(), winner.label()),
                    records.size(), labels));
        }
        corrections.sort(Comparator.comparing(Correction::winner, RECEIVED));
        return new FeedbackCorrections(corrections, keys.size(),
                FeedbackIds.sha256Hex(digestInput.toString().getBytes(StandardCharsets.UTF_8)), receivedAt);
    }
}
