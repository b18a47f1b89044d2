package dev.sift.functions;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Singleton;

import dev.sift.telemetry.RequestIdHeader;
import dev.sift.telemetry.RequestIds;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The local server's request id ({@link RequestIdHeader}): Funqy's HTTP binding makes the routing
 * context current while the function runs.
 */
@Singleton
public class HttpRequestIds implements RequestIds {
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
        return RequestIdHeader.idOf(context == null ? null : context.request().getHeader(RequestIdHeader.NAME));
    }
}
