package dev.sift.feedback;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The save protocol both stores share, written once over two storage primitives: an atomic
 * create-if-absent write and a read.
 *
 * <ol>
 * <li>Claim the id: create {@code ids/<id>} holding today's record key and the correction's hash
 * ({@link FeedbackMarker}). If it exists, a previous attempt with this id claimed it first: use
 * the key it holds if the hash is this correction's, else refuse ({@link IdConflictException}).</li>
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

    /**
     * Keys under the partitions whose {@code name/} starts with {@code partitions} ({@code dt=}: all of
     * them; {@code dt=2026-12-01/}: that day's) that {@code keep} accepts, sorted.
     */
    abstract List<String> partitionKeys(String partitions, Predicate<String> keep);

    @Override
    public final List<String> recordKeys() {
        return partitionKeys(FeedbackLayout.PARTITION_PREFIX, FeedbackLayout::isRecordKey);
    }

    @Override
    public final List<String> objectKeys() {
        return partitionKeys(FeedbackLayout.PARTITION_PREFIX, PartitionedFeedbackStore::isOtherObject);
    }

    @Override
    public final List<String> objectKeys(LocalDate day) {
        return partitionKeys(FeedbackLayout.PARTITION_PREFIX + day + "/", PartitionedFeedbackStore::isOtherObject);
    }

    private static boolean isOtherObject(String key) {
        return !FeedbackLayout.isRecordKey(key) && key.endsWith(".jsonl");
    }

    @Override
    public final boolean createObject(String key, byte[] content) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("..") || key.contains("\\")
                || key.startsWith(FeedbackLayout.MARKERS) || key.startsWith(".") || FeedbackLayout.isRecordKey(key)) {
            throw new IllegalArgumentException("'" + key + "' is not a key for another object: it must be relative, "
                    + "outside ids/ and .tmp/, and not a feedback record key");
        }
        return createIfAbsent(key, content);
    }

    @Override
    public final Saved save(FeedbackRecord record) {
        String id = record.id();
        FeedbackMarker mine = FeedbackMarker.of(record);
        String key = mine.recordKey();
        String marker = FeedbackLayout.markerKey(id);
        if (!createIfAbsent(marker, mine.bytes())) {
            FeedbackMarker claimed = find(marker).map(FeedbackMarker::parse).orElse(mine);
            if (!FeedbackLayout.isRecordKeyFor(claimed.recordKey(), id)) {
                throw new StoreUnavailableException("marker " + marker + " in " + location() + " holds '"
                        + claimed.recordKey() + "', not a record key for this id", null);
            }
            if (!claimed.admits(mine.correctionSha256())) {
                throw new IdConflictException(id);
            }
            key = claimed.recordKey();
        }
        boolean created = createIfAbsent(key, FeedbackJson.write(record));
        return new Saved(id, key, !created);
    }
}
