package dev.sift.functions;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer API Gateway turns into the HTTP response (payload format 2.0): status, headers and a
 * text body, never base64-encoded (every answer is JSON or the try-it page's HTML).
 */
@RegisterForReflection // written by Jackson; a native image must know the record
record ApiGatewayResponse(int statusCode, Map<String, String> headers, String body, boolean isBase64Encoded) {

    static ApiGatewayResponse of(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new ApiGatewayResponse(status, headers, body, false);
    }

    static ApiGatewayResponse json(int status, String body) {
        return of(status, "application/json", body);
    }

    ApiGatewayResponse withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
