package dev.sift.telemetry;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The Lambda request id of the invocation in progress, set by the zips' handlers before they hand
 * the event on. A static field, not a thread-local: an execution environment serves one
 * invocation at a time, and nothing needs the function to run on the handler's thread.
 */
public final class LambdaInvocation {
    private static volatile String requestId;

    private LambdaInvocation() {
    }

    public static void begin(String awsRequestId) {
        requestId = awsRequestId;
    }

    /** The current Lambda request id, or a new id outside Lambda. */
    public static String requestIdOrNew() {
        String current = requestId;
        return current != null ? current : newId();
    }

    /**
     * An id for a request that brought none: 16 hex digits from ThreadLocalRandom, because
     * UUID.randomUUID() seeds SecureRandom on first use, work a cold start need not do.
     */
    private static String newId() {
        String hex = Long.toHexString(ThreadLocalRandom.current().nextLong());
        return "0".repeat(16 - hex.length()) + hex;
    }
}
