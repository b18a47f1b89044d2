package dev.sift.functions;

/**
 * A fault a retry may cure, raised as the function error of a direct invocation. Funqy reports
 * every function error as {@code io.quarkus.funqy.runtime.ApplicationException} with the cause's
 * {@code toString()} as {@code errorMessage}, so that string is the stable part: the code, then
 * what to do, and nothing internal (the cause is logged for operators).
 */
public class RetryableFault extends RuntimeException {
    private final String code;

    public RetryableFault(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
