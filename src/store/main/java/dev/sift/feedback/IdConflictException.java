package dev.sift.feedback;

/**
 * A client id that already names another correction (a different text, label or source): nothing
 * was stored, and retrying the same post cannot succeed. HTTP answers 409 {@code id_conflict};
 * the direct Lambda binding answers the same error as a value.
 */
public class IdConflictException extends RuntimeException {
    private final String id;

    public IdConflictException(String id) {
        super("id '" + id + "' already names another correction (a different text, label or source); nothing was"
                + " stored. Send a new id for a new correction, or the original text, label and source to retry it",
                null, false, false); // no stack trace: this is an answer, not a fault
        this.id = id;
    }

    public String id() {
        return id;
    }
}
