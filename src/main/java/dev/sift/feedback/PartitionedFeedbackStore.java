package dev.sift.feedback;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The save protocol both stores share, written once over two storage primitives: an atomic
 * create-if-absent write and a read.
 *
 * <ol>
 * <li>Claim the id: create {@code ids/<id>} holding today's record key. If it exists, a
 * previous attempt with this id claimed it first; use the key it holds.</li>
 * <li>Create the record at that key, again only if absent.</li>
 * </ol>
 *
 * Every step is create-if-absent, so of any number of concurrent posts with one id exactly one
 * creates the record ({@code duplicate: false}); the others see it exist. A crash between the two
 * steps leaves a marker without a record and no acknowledgement; the client's retry finds the
 * marker, creates the missing record and so repairs it. A save returns only after step 2 has
 * succeeded (or found the record), so every acknowledged record is stored.
 */
abstract class PartitionedFeedbackStore implements FeedbackStore {

    /** Writes {@code content} at {@code key} durably and atomically unless the key exists; false if it did. */
    abstract boolean createIfAbsent(String key, byte[] content);

    abstract Optional<byte[]> find(String key);

    @Override
    public final Saved save(FeedbackRecord record) {
        String id = record.id();
        String key = FeedbackLayout.recordKey(id, record.receivedAt());
        String marker = FeedbackLayout.markerKey(id);
        if (!createIfAbsent(marker, key.getBytes(StandardCharsets.UTF_8))) {
            String claimed = find(marker).map(b -> new String(b, StandardCharsets.UTF_8).trim()).orElse(key);
            if (!FeedbackLayout.isRecordKeyFor(claimed, id)) {
                throw new StoreUnavailableException("marker " + marker + " in " + location() + " holds '" + claimed
                        + "', not a record key for this id", null);
            }
            key = claimed;
        }
        boolean created = createIfAbsent(key, FeedbackJson.write(record));
        return new Saved(id, key, !created);
    }
}
