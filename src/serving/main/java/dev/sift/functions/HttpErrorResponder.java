package dev.sift.functions;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.feedback.IdConflictException;
import dev.sift.feedback.FeedbackDisabledException;
import dev.sift.feedback.StoreUnavailableException;
import dev.sift.serving.ClassifierService;
import dev.sift.serving.ModelNotReadyException;
import dev.sift.telemetry.RequestFacts;
import dev.sift.telemetry.RequestLog;
import dev.sift.telemetry.ServingMetrics;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns every failed HTTP request into the one error shape, with a status a client can act on.
 *
 * <p>Funqy's HTTP binding answers bad JSON with a bare 400 and any exception from a function with
 * a 500; this failure handler runs before Quarkus's default error page and maps both: our
 * {@link InvalidRequestException} to 400, Funqy's unmarshalling failure to 400
 * {@code malformed_json}, a feedback id reused for another correction to 409, the body limit to 413,
 * an unavailable feedback store to a retryable 503, a path without a function to 404, and anything
 * unexpected to a 500 without a stack trace. The API Gateway zip runs the same router, so both
 * packagings answer every error in one shape.
 */
@ApplicationScoped
public class HttpErrorResponder {
    private static final Logger LOG = Logger.getLogger(HttpErrorResponder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpRequestIds ids;
    private final ServingMetrics metrics;
    private final ClassifierService service;

    HttpErrorResponder(HttpRequestIds ids, ServingMetrics metrics, ClassifierService service) {
        this.ids = ids;
        this.metrics = metrics;
        this.service = service;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::respond);
        // A request no route matches (POST /nope) or matches only by path (a method Funqy has no
        // route for) never fails a route, so no failure handler sees it: Vert.x answers it itself,
        // with an HTML page for 404, unless the router has a handler for that status.
        router.errorHandler(404, this::respond);
        router.errorHandler(405, this::respond);
    }

    void respond(RoutingContext context) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        Throwable failure = rootCause(context.failure());
        int status;
        ErrorBody body;
        if (failure instanceof InvalidRequestException invalid) {
            status = 400;
            body = ErrorBody.of(invalid.code(), invalid.getMessage(), invalid.field());
        } else if (failure instanceof IdConflictException conflict) {
            // Not a 400: the request is valid on its own, it conflicts with what the store holds.
            status = 409;
            body = ErrorBody.of("id_conflict", conflict.getMessage(), "id");
        } else if (failure instanceof FeedbackDisabledException disabled) {
            // A deployment choice (sift.feedback.store=none), not a fault: retrying will not help.
            status = 403;
            body = ErrorBody.of("feedback_disabled", disabled.getMessage(), null);
        } else if (failure instanceof ModelNotReadyException notReady) {
            status = 503;
            body = ErrorBody.of("model_not_ready", notReady.getMessage(), null);
            context.response().putHeader("Retry-After", "1");
        } else if (failure instanceof StoreUnavailableException unavailable) {
            // Nothing was acknowledged: the client keeps the record and retries; the cause is for operators only.
            status = 503;
            body = ErrorBody.of("store_unavailable", "the feedback store is unavailable; nothing was stored, retry "
                    + "later with the same request", null);
            context.response().putHeader("Retry-After", "1");
            LOG.warnf("feedback not stored: %s", unavailable.getMessage());
        } else if (failure == null && context.statusCode() == 400 && context.request().method() == HttpMethod.GET) {
            // Funqy maps GET query parameters onto the input; sift's functions take a JSON body only.
            status = 405;
            body = ErrorBody.of("method_not_allowed", "GET is not supported on " + context.request().path()
                    + "; POST a JSON body", null);
            context.response().putHeader("Allow", "POST");
        } else if (failure == null && context.statusCode() == 400) {
            status = 400;
            body = ErrorBody.of("malformed_json", "the request body is not valid JSON", null);
        } else if (failure == null && context.statusCode() == 413) {
            status = 413;
            body = ErrorBody.of("payload_too_large", "the request body exceeds the configured limit "
                    + "(quarkus.http.limits.max-body-size)", null);
        } else if (failure == null && (context.statusCode() == 404
                || context.statusCode() == 405 && !isFunction(context.request().path()))) {
            // Quarkus's route for the static resources (the try-it page at /) takes GET and HEAD on every
            // path, so Vert.x answers any other method on a path that is no function with 405: for a
            // client that path does not exist, as before the page was there.
            status = 404;
            body = ErrorBody.of("not_found", "no function at " + context.request().path(), null);
        } else if (failure == null && context.statusCode() == 405) {
            status = 405;
            body = ErrorBody.of("method_not_allowed", context.request().method() + " is not allowed on "
                    + context.request().path() + "; use POST", null);
            // RFC 9110: a 405 names the methods the resource takes; only the functions answer 405 here.
            context.response().putHeader("Allow", "POST");
        } else if (failure == null && context.statusCode() >= 400 && context.statusCode() < 500) {
            status = context.statusCode();
            body = ErrorBody.of("bad_request", "the request was rejected (HTTP " + status + ")", null);
        } else {
            status = 500;
            body = ErrorBody.of("internal_error", "the server failed to process the request", null);
            LOG.errorf(context.failure(), "request to %s failed", context.request().path());
        }
        if (context.failure() == null) {
            // Refused before any function ran (bad JSON, too large, no such function): ObservedRequests never
            // saw it, so its request line and metrics are written here.
            observeRefusal(context, status, body.error().code());
        }
        try {
            context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(500).end();
        }
    }

    private void observeRefusal(RoutingContext context, int status, String code) {
        try {
            String path = context.request().path();
            // Only known names as the metrics' Function dimension: a path is the caller's to choose.
            String function = isFunction(path) ? path.substring(1) : "none";
            RequestFacts facts = new RequestFacts(ids.of(context), function, ObservedRequests.modelOf(service), 0, Double.NaN, code,
                    status >= 500 ? RequestFacts.Outcome.FAULT : RequestFacts.Outcome.CLIENT_ERROR, List.of());
            RequestLog.write(facts);
            metrics.record(facts);
        } catch (RuntimeException e) {
            LOG.warnf("telemetry of a refused request failed: %s", e.toString());
        }
    }

    private static boolean isFunction(String path) {
        return path.length() > 1 && FunctionRecorder.registry != null
                && FunctionRecorder.registry.matchInvoker(path.substring(1)) != null;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable current = failure;
        while (current != null && !(current instanceof InvalidRequestException)
                && !(current instanceof IdConflictException) && !(current instanceof ModelNotReadyException) && !(current instanceof StoreUnavailableException)
                && !(current instanceof FeedbackDisabledException)
                && current.getCause() != null
                && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }
}
