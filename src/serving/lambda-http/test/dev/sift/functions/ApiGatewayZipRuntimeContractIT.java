package dev.sift.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.packaging.ManagedJavaRuntime;

/**
 * The runtime contract of dist/sift-lambda-http.zip itself: unpacked, started by the AWS runtime
 * interface client with the handler infra/ deploys, and sent API Gateway HTTP API v2 events.
 */
class ApiGatewayZipRuntimeContractIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void servesEveryRouteOfTheHttpApiFromOneFunction() throws Exception {
        String arch = System.getProperty("os.arch");
        String host = arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64" : "linux-" + arch;
        Assumptions.assumeTrue(host.equals(System.getProperty("test.lambda.platform")), "zip built for another platform");
        Path taskRoot = ManagedJavaRuntime.unpack(Path.of(System.getProperty("test.lambda.zip")),
                Path.of("src/serving/target/lambda-http/task").toAbsolutePath());
        try (ManagedJavaRuntime runtime = new ManagedJavaRuntime(taskRoot.resolveSibling("function-http.log"))) {
            runtime.spawn(taskRoot, ManagedJavaRuntime.HTTP_HANDLER,
                    Map.of("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"), List.of());

            JsonNode classify = answer(runtime, ApiGatewayEvents.event("http-api-v2.json", "POST", "/classify",
                    "{\"texts\": [\"房间干净，服务热情，早餐丰富，非常满意！\"]}", false));
            assertEquals(200, classify.path("statusCode").asInt(), classify + "\n" + runtime.log());
            assertEquals(1, JSON.readTree(body(classify)).path("results").size(), body(classify));

            JsonNode bad = answer(runtime, ApiGatewayEvents.event("http-api-v2.json", "POST", "/classify",
                    "{\"texts\": []}", true));
            assertEquals(400, bad.path("statusCode").asInt(), bad.toString());
            assertEquals("empty_texts", JSON.readTree(body(bad)).path("error").path("code").asText(), bad.toString());

            JsonNode unknown = answer(runtime, ApiGatewayEvents.event("http-api-v2.json", "POST", "/nope", "{}", false));
            assertEquals(404, unknown.path("statusCode").asInt(), unknown.toString());
            assertTrue(header(unknown, "content-type").startsWith("application/json"), unknown.toString());
            assertEquals("not_found", JSON.readTree(body(unknown)).path("error").path("code").asText(), unknown.toString());

            JsonNode health = answer(runtime, ApiGatewayEvents.event("http-api-v2.json", "GET", "/q/health/ready", null, false));
            assertEquals(200, health.path("statusCode").asInt(), health.toString());
            assertEquals("UP", JSON.readTree(body(health)).path("status").asText(), health.toString());
            assertTrue(runtime.log().contains("ONNX Runtime libraries from " + taskRoot.resolve("onnxruntime/" + host)),
                    runtime.log());

            // Telemetry: a JSON request log line per request (the 404 too, refused before any function ran;
            // not the health check) with the Lambda request id, and EMF metrics for the same requests.
            List<JsonNode> requests = runtime.requestLines();
            assertEquals(List.of("ok", "empty_texts", "not_found"),
                    requests.stream().map(r -> r.path("mdc").path("outcome").asText()).toList(), runtime.log());
            assertEquals(List.of("classify", "classify", "none"),
                    requests.stream().map(r -> r.path("mdc").path("function").asText()).toList());
            requests.forEach(r -> assertTrue(!r.path("mdc").path("requestId").asText().isBlank(), r.toString()));
            assertTrue(!requests.get(0).path("mdc").path("requestId").asText().equals(requests.get(1).path("mdc").path("requestId").asText()),
                    requests.toString());
            List<JsonNode> metrics = runtime.requestMetricLines();
            assertEquals(3, metrics.size(), runtime.log());
            assertEquals(1, metrics.get(1).path("ClientErrors").asInt(), metrics.get(1).toString());
            assertEquals("none", metrics.get(2).path("Function").asText(), "a path is no metric dimension: " + metrics.get(2));
        }
    }

    @Test
    void anUnknownSettingFailsTheInitWithItsReasonOnlyOnceTheModelLoadHasEnded() throws Exception {
        String arch = System.getProperty("os.arch");
        String host = arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64" : "linux-" + arch;
        Assumptions.assumeTrue(host.equals(System.getProperty("test.lambda.platform")), "zip built for another platform");
        Path taskRoot = ManagedJavaRuntime.unpack(Path.of(System.getProperty("test.lambda.zip")),
                Path.of("src/serving/target/lambda-http/task-failed-init").toAbsolutePath());
        Path errors = java.nio.file.Files.createTempDirectory(taskRoot.getParent(), "failed-init-");
        try (ManagedJavaRuntime runtime = new ManagedJavaRuntime(taskRoot.resolveSibling("function-http-failed-init.log"))) {
            // A model whose session takes seconds to create (make_tiny_classifier.py): the refusal comes first.
            runtime.spawn(taskRoot, ManagedJavaRuntime.HTTP_HANDLER, Map.of(
                    "SIFT_MODEL_BUNDLE", Path.of("src/core/test/resources/bundles/slow-session-classifier").toAbsolutePath().toString(),
                    "SIFT_INFERENCE_INTRA_OP_THREADS", "1"),
                    List.of("-Dsift.no-such-setting=1", "-XX:ErrorFile=" + errors.resolve("hs_err_pid%p.log")));
            int exitCode = runtime.awaitExit(java.time.Duration.ofSeconds(120));
            String log = runtime.log();

            assertEquals(1, exitCode, "the runtime client exits after reporting the init error:\n" + log);
            JsonNode initError = JSON.readTree(runtime.initError().orElseThrow(() -> new AssertionError("no init error:\n" + log)));
            String message = initError.path("errorMessage").asText();
            assertTrue(message.startsWith("sift did not start: "), initError.toString());
            assertTrue(message.contains("SRCFG00050: sift.no-such-setting in SysPropConfigSource does not map to any root"),
                    initError.toString());
            assertTrue(log.contains("start-up failed while the model load was still running; it ended"), log);
            try (var files = java.nio.file.Files.list(errors)) {
                assertEquals(List.of(), files.map(f -> f.getFileName().toString()).toList(), log);
            }
        }
    }

    private static JsonNode answer(ManagedJavaRuntime runtime, String event) throws Exception {
        HttpResponse<String> response = runtime.invoke(event);
        assertEquals(200, response.statusCode(), response.body() + "\n" + runtime.log());
        return JSON.readTree(response.body());
    }

    private static String header(JsonNode response, String name) {
        var headers = response.path("headers").fields();
        while (headers.hasNext()) {
            var header = headers.next();
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().asText();
            }
        }
        return "";
    }

    private static String body(JsonNode response) {
        String body = response.path("body").asText("");
        return response.path("isBase64Encoded").asBoolean()
                ? new String(Base64.getDecoder().decode(body), java.nio.charset.StandardCharsets.UTF_8) : body;
    }
}
