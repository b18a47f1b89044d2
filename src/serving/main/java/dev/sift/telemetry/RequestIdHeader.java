package dev.sift.telemetry;

import java.util.regex.Pattern;

/**
 * The HTTP bindings' request id: the caller's {@code X-Request-Id} when it sends a usable one, else
 * the Lambda request id (API Gateway zip), else a new one. A header value that could forge or break
 * a log line (over 128 characters, or anything but letters, digits and {@code . _ : -}) is ignored.
 */
public final class RequestIdHeader {
    public static final String NAME = "X-Request-Id";
    private static final Pattern USABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIdHeader() {
    }

    /** The request's id, given its X-Request-Id header (null: it sent none). */
    public static String idOf(String header) {
        return header != null && USABLE.matcher(header).matches() ? header : LambdaInvocation.requestIdOrNew();
    }
}
