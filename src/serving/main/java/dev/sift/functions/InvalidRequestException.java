package dev.sift.functions;

/** Bad input, answered with HTTP 400 and {@code {"error": {"code", "message", "field"}}}. */
public class InvalidRequestException extends RuntimeException {
    private final String code;
    private final String field;

    public InvalidRequestException(String code, String field, String message) {
        super(message, null, false, false); // no stack trace: this is an answer, not a fault
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
