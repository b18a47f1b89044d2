package dev.sift.feedback;

import java.io.IOException;
import java.util.List;

/**
 * Durable, idempotent storage of feedback records: {@link #save} keeps each record id exactly once,
 * however often and however concurrently it is posted, and returns only once the record is
 * durable. Implementations: {@link FileFeedbackStore}, {@link S3FeedbackStore}; both use the key
 * layout of {@link FeedbackLayout}.
 */
public interface FeedbackStore extends AutoCloseable {

    /** The outcome of a save: where the record with this id lives, and whether it was already there. */
    record Saved(String id, String key, boolean duplicate) {
    }

    /**
     * Stores {@code record} unless a record with its id exists. Throws {@link IdConflictException}
     * when the id was claimed by another correction (text, label or source differ), and
     * {@link StoreUnavailableException} when the store cannot make it durable.
     */
    Saved save(FeedbackRecord record);

    /** Keys of every stored record ({@code dt=yyyy-mm-dd/<id>.json}), sorted; temp files and markers are not records. */
    List<String> recordKeys();

    /** The stored bytes of one record. */
    byte[] readBytes(String key) throws IOException;

    default FeedbackRecord read(String key) throws IOException {
        return FeedbackJson.read(readBytes(key));
    }

    /**
     * Writes an object that is not a feedback record (a batch of the prediction log) at {@code key}
     * under the store's root, as durably as {@link #save} writes a record and only if the key is new;
     * false when it existed. The prediction log uses the feedback stores so that both kinds of data
     * live by the same durability and no-overwrite rules.
     *
     * @throws StoreUnavailableException when the store cannot make it durable
     */
    default boolean createObject(String key, byte[] content) {
        throw new UnsupportedOperationException(location() + " does not store other objects");
    }

    /** Keys of the other objects ({@code dt=yyyy-mm-dd/….jsonl}: the prediction log's batches), sorted. */
    default List<String> objectKeys() {
        return List.of();
    }

    /**
     * The same, of one UTC day's partition only: listed by its prefix, so a daily reader's cost
     * does not grow with the days the store holds.
     */
    default List<String> objectKeys(java.time.LocalDate day) {
        return List.of();
    }

    /** The store's URI, for logs and manifests. */
    String location();

    @Override
    void close();
}
