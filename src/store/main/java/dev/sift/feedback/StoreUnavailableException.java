package dev.sift.feedback;

/**
 * The feedback store could not durably take or give a record (disk full or read-only, S3
 * unreachable or refusing). Nothing was acknowledged, so the client must retry; HTTP maps it to
 * 503 {@code store_unavailable}. The message is for the log: it names the store and the cause.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
