package dev.sift.functions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.serving.ClassifierService;
import dev.sift.telemetry.ServingMetrics;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns every failed HTTP request into the one error shape, with a status a client can act on.
 *
 * <p>Funqy's HTTP binding answers bad JSON with a bare 400 and any exception from a function with
 * a 500; this failure handler runs before Quarkus's default error page and maps both through
 * {@link HttpFailure}: our {@link InvalidRequestException} to 400, Funqy's unmarshalling failure to
 * 400 {@code malformed_json}, a feedback id reused for another correction to 409, the body limit to
 * 413, an unavailable feedback store to a retryable 503, a path without a function to 404, and
 * anything unexpected to a 500 without a stack trace. The API Gateway zip, which has no Vert.x,
 * answers from the same HttpFailure (ApiGatewayRouter), so both packagings answer every error in
 * one shape.
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
        String path = context.request().path();
        int status = context.statusCode();
        HttpFailure answer;
        if (context.failure() != null) {
            answer = HttpFailure.of(context.failure());
        } else if (status == 400 && context.request().method() == HttpMethod.GET) {
            answer = HttpFailure.getOnAFunction(path);
        } else if (status == 400) {
            answer = HttpFailure.malformedJson();
        } else if (status == 413) {
            answer = HttpFailure.payloadTooLarge();
        } else if (status == 404 || status == 405 && !isFunction(path)) {
            // Quarkus's route for the static resources (the try-it page at /) takes GET and HEAD on every
            // path, so Vert.x answers any other method on a path that is no function with 405: for a
            // client that path does not exist, as before the page was there.
            answer = HttpFailure.notFound(path);
        } else if (status == 405) {
            answer = HttpFailure.methodNotAllowed(context.request().method().name(), path);
        } else if (status >= 400 && status < 500) {
            answer = HttpFailure.rejected(status);
        } else {
            answer = HttpFailure.internalError();
        }
        if (answer.status() == 500) {
            LOG.errorf(context.failure(), "request to %s failed", path);
        }
        if (context.failure() == null) {
            // Refused before any function ran (bad JSON, too large, no such function): ObservedRequests never
            // saw it, so its request line and metrics are written here.
            ObservedRequests.publishRefusal(metrics, service, ids.of(context), isFunction(path) ? path.substring(1) : "none",
                    answer);
        }
        if (answer.header() != null) {
            context.response().putHeader(answer.header(), answer.headerValue());
        }
        try {
            context.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(answer.body()));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(500).end();
        }
    }

    private static boolean isFunction(String path) {
        return path.length() > 1 && FunctionRecorder.registry != null
                && FunctionRecorder.registry.matchInvoker(path.substring(1)) != null;
    }
}
