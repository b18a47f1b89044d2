package dev.sift.discover;

/**
 * Input the user must fix (a file, a row, a field, an option): the command line prints the
 * message, which names what is wrong and where, and exits 2 without a stack trace.
 */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message, null, false, false);
    }
}
