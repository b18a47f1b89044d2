package dev.sift.functions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of an API Gateway HTTP API event (payload format 2.0) sift routes on: the method, the
 * path, a header and the body, base64-decoded when API Gateway encoded it (a body it takes for
 * binary or of an unknown content type).
 */
record ApiGatewayRequest(String method, String path, JsonNode headers, byte[] body) {

    static ApiGatewayRequest of(JsonNode event) {
        JsonNode method = event.path("requestContext").path("http").path("method");
        if (!method.isTextual()) {
            // Not a caller's mistake: a deployment that invokes this handler with something else than an HTTP API.
            throw new IllegalArgumentException("not an API Gateway HTTP API event (payload format 2.0): "
                    + "requestContext.http.method is missing; invoke the direct zip's handler with function input");
        }
        String path = withoutStage(event.path("rawPath").asText(event.path("requestContext").path("http").path("path").asText("/")),
                event.path("requestContext").path("stage").asText("$default"));
        byte[] body = new byte[0];
        JsonNode text = event.get("body");
        if (text != null && text.isTextual()) {
            body = event.path("isBase64Encoded").asBoolean()
                    ? Base64.getDecoder().decode(text.asText())
                    : text.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new ApiGatewayRequest(method.asText(), path, event.path("headers"), body);
    }

    /**
     * The path the routes name: an HTTP API on a named stage ({@code prod}) puts the stage in front of
     * the path ({@code /prod/classify}), where its routes, and the local server, say {@code /classify}.
     */
    static String withoutStage(String rawPath, String stage) {
        String prefix = "/" + stage;
        if (stage.isEmpty() || stage.equals("$default") || !rawPath.startsWith(prefix)) {
            return rawPath;
        } else if (rawPath.length() == prefix.length()) {
            return "/";
        }
        return rawPath.charAt(prefix.length()) == '/' ? rawPath.substring(prefix.length()) : rawPath;
    }

    /** A header's value; API Gateway sends the names in lower case, and a client may not. */
    String header(String name) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = headers.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().asText();
            }
        }
        return null;
    }

    boolean hasBody() {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return true;
            }
        }
        return false;
    }
}
