package dev.sift.functions;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Invokes the function under test the way Lambda does: the JSON event goes to Quarkus's mock
 * Lambda event server, the app takes it from the Runtime API and posts its answer back. The mock
 * answers 200 with the function's value, 500 with the error document of a function error.
 */
final class DirectInvocation {
    private DirectInvocation() {
    }

    static Response invoke(String event) {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        return given().port(port).contentType(ContentType.JSON).body(event).post("/_lambda_");
    }

    /** A profile per exported function: one zip, three functions that differ only in this setting. */
    static java.util.Map<String, String> export(String function) {
        return java.util.Map.of("quarkus.funqy.export", function);
    }
}
