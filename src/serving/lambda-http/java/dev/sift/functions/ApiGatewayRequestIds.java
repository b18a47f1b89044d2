package dev.sift.functions;

import jakarta.inject.Singleton;

import dev.sift.telemetry.LambdaInvocation;
import dev.sift.telemetry.RequestIdHeader;
import dev.sift.telemetry.RequestIds;

/**
 * The API Gateway zip's request id ({@link RequestIdHeader}): the event's X-Request-Id header, set by
 * ApiGatewayRouter for the invocation it routes. A field, not a thread-local, for the reason
 * LambdaInvocation gives: an execution environment serves one invocation at a time.
 */
@Singleton
public class ApiGatewayRequestIds implements RequestIds {
    private volatile String current;

    void begin(String header) {
        current = RequestIdHeader.idOf(header);
    }

    void end() {
        current = null;
    }

    @Override
    public String current() {
        String id = current;
        return id != null ? id : LambdaInvocation.requestIdOrNew();
    }
}
