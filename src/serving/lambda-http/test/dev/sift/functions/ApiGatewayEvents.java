package dev.sift.functions;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.http.ContentType;

/**
 * API Gateway HTTP API (payload format 2.0) events, built from the real event shapes in
 * src/lambda-http/test/events, sent raw to Quarkus's mock Lambda event server the way API Gateway
 * invokes the function; the answer is the function's APIGatewayV2HTTPResponse.
 */
final class ApiGatewayEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = Path.of("src/serving/lambda-http/test/events");

    /** What the function answered API Gateway: status, headers and the body, decoded. */
    record Answer(int status, JsonNode headers, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private ApiGatewayEvents() {
    }

    /** {@code fixture} with the route, path and body replaced; the body base64-encoded if asked. */
    static String event(String fixture, String method, String path, String body, boolean base64) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(EVENTS.resolve(fixture)));
        event.put("routeKey", method + " " + path);
        event.put("rawPath", path);
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("routeKey", method + " " + path);
        ((ObjectNode) context.get("http")).put("method", method).put("path", path);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ((ObjectNode) event.get("headers")).put("content-length", String.valueOf(bytes.length));
        if (body == null) {
            event.remove("body");
        } else {
            event.put("body", base64 ? Base64.getEncoder().encodeToString(bytes) : body);
        }
        event.put("isBase64Encoded", body != null && base64);
        return JSON.writeValueAsString(event);
    }

    /** {@code event} with one more header, as API Gateway sends them: the name in lower case. */
    static String withHeader(String event, String name, String value) throws IOException {
        ObjectNode tree = (ObjectNode) JSON.readTree(event);
        ((ObjectNode) tree.get("headers")).put(name.toLowerCase(java.util.Locale.ROOT), value);
        return JSON.writeValueAsString(tree);
    }

    /** What Quarkus's mock Runtime API answers for the raw event: a function error is not a 200 there. */
    static io.restassured.response.Response invokeRaw(String event) {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        return given().port(port).contentType(ContentType.JSON).body(event).post("/_lambda_");
    }

    static Answer invoke(String event) throws IOException {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        String raw = given().port(port).contentType(ContentType.JSON).body(event).post("/_lambda_")
                .then().statusCode(200).extract().asString();
        JsonNode response = JSON.readTree(raw);
        String body = response.path("body").asText("");
        if (response.path("isBase64Encoded").asBoolean()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new Answer(response.path("statusCode").asInt(), response.path("headers"), body);
    }
}
