package dev.sift.functions;

import org.jboss.logging.Logger;

import dev.sift.feedback.FeedbackDisabledException;
import dev.sift.feedback.IdConflictException;
import dev.sift.feedback.StoreUnavailableException;
import dev.sift.serving.ModelNotReadyException;

/**
 * What an HTTP binding answers when a request fails: the status a client can act on, the one error
 * shape, and the header that tells it what to do next ({@code Retry-After} on a 503, {@code Allow}
 * on a 405). The local server (HttpErrorResponder, on Vert.x) and the API Gateway zip
 * (ApiGatewayRouter, without an HTTP server) both answer from here, so the packagings cannot drift.
 *
 * @param header the extra header's name, or null
 * @param headerValue its value
 */
public record HttpFailure(int status, ErrorBody body, String header, String headerValue) {
    private static final Logger LOG = Logger.getLogger(HttpFailure.class);

    /** A failure of its own kind (the function ran and threw), mapped by what it means to the client. */
    public static HttpFailure of(Throwable thrown) {
        Throwable failure = rootCause(thrown);
        if (failure instanceof InvalidRequestException invalid) {
            return new HttpFailure(400, ErrorBody.of(invalid.code(), invalid.getMessage(), invalid.field()), null, null);
        } else if (failure instanceof IdConflictException conflict) {
            // Not a 400: the request is valid on its own, it conflicts with what the store holds.
            return new HttpFailure(409, ErrorBody.of("id_conflict", conflict.getMessage(), "id"), null, null);
        } else if (failure instanceof FeedbackDisabledException disabled) {
            // A deployment choice (sift.feedback.store=none), not a fault: retrying will not help.
            return new HttpFailure(403, ErrorBody.of("feedback_disabled", disabled.getMessage(), null), null, null);
        } else if (failure instanceof ModelNotReadyException notReady) {
            return new HttpFailure(503, ErrorBody.of("model_not_ready", notReady.getMessage(), null), "Retry-After", "1");
        } else if (failure instanceof StoreUnavailableException unavailable) {
            // Nothing was acknowledged: the client keeps the record and retries; the cause is for operators only.
            LOG.warnf("feedback not stored: %s", unavailable.getMessage());
            return new HttpFailure(503, ErrorBody.of("store_unavailable", "the feedback store is unavailable; nothing was "
                    + "stored, retry later with the same request", null), "Retry-After", "1");
        }
        return internalError();
    }

    /** Anything unexpected: a 500 that says nothing of the internals (the caller logs the cause). */
    public static HttpFailure internalError() {
        return new HttpFailure(500, ErrorBody.of("internal_error", "the server failed to process the request", null), null, null);
    }

    public static HttpFailure malformedJson() {
        return new HttpFailure(400, ErrorBody.of("malformed_json", "the request body is not valid JSON", null), null, null);
    }

    public static HttpFailure payloadTooLarge() {
        return new HttpFailure(413, ErrorBody.of("payload_too_large", "the request body exceeds the configured limit "
                + "(quarkus.http.limits.max-body-size)", null), null, null);
    }

    public static HttpFailure notFound(String path) {
        return new HttpFailure(404, ErrorBody.of("not_found", "no function at " + path, null), null, null);
    }

    /** GET on a function: Funqy would map query parameters onto the input; sift's functions take a JSON body only. */
    public static HttpFailure getOnAFunction(String path) {
        // RFC 9110: a 405 names the methods the resource takes.
        return new HttpFailure(405, ErrorBody.of("method_not_allowed", "GET is not supported on " + path
                + "; POST a JSON body", null), "Allow", "POST");
    }

    public static HttpFailure methodNotAllowed(String method, String path) {
        return new HttpFailure(405, ErrorBody.of("method_not_allowed", method + " is not allowed on " + path
                + "; use POST", null), "Allow", "POST");
    }

    /** Another 4xx the HTTP layer refused with (no function ran). */
    public static HttpFailure rejected(int status) {
        return new HttpFailure(status, ErrorBody.of("bad_request", "the request was rejected (HTTP " + status + ")", null),
                null, null);
    }

    public boolean isFault() {
        return status >= 500;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable current = failure;
        while (current != null && !(current instanceof InvalidRequestException)
                && !(current instanceof IdConflictException) && !(current instanceof ModelNotReadyException)
                && !(current instanceof StoreUnavailableException) && !(current instanceof FeedbackDisabledException)
                && current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }
}
