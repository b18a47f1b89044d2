package dev.sift.functions;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Singleton;

import dev.sift.telemetry.LambdaInvocation;
import dev.sift.telemetry.RequestIds;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP bindings' request id: the caller's {@code X-Request-Id} when it sends a usable one, else
 * the Lambda request id (API Gateway zip), else a new one. Funqy's HTTP binding makes the routing
 * context current while the function runs. A header value that could forge or break a log line
 * (over 128 characters, or anything but letters, digits and {@code . _ : -}) is ignored.
 */
@Singleton
public class HttpRequestIds implements RequestIds {
    private static final Pattern USABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final CurrentVertxRequest request;

    HttpRequestIds(CurrentVertxRequest request) {
        this.request = request;
    }

    @Override
    public String current() {
        try {
            return of(request.getCurrent());
        } catch (ContextNotActiveException outsideARequest) {
            return of(null);
        }
    }

    /** The id of this request (null: none is known, so the Lambda one or a new one). */
    String of(RoutingContext context) {
        String header = context == null ? null : context.request().getHeader("X-Request-Id");
        return header != null && USABLE.matcher(header).matches() ? header : LambdaInvocation.requestIdOrNew();
    }
}
