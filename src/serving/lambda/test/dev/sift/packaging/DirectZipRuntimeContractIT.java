package dev.sift.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The runtime contract of dist/sift-lambda.zip itself (not the test harness): unpacked like
 * Lambda unpacks it, started by the AWS runtime interface client with the handler infra/ deploys,
 * one JVM per exported function, each invoked through a mock Runtime API.
 */
class DirectZipRuntimeContractIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path taskRoot;

    @BeforeAll
    static void unpack() throws Exception {
        String arch = System.getProperty("os.arch");
        String host = arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64" : "linux-" + arch;
        org.junit.jupiter.api.Assumptions.assumeTrue(host.equals(System.getProperty("test.lambda.platform")),
                "the zip was built for " + System.getProperty("test.lambda.platform") + "; this machine runs " + host);
        Path zip = Path.of(System.getProperty("test.lambda.zip"));
        assertTrue(Files.isRegularFile(zip), zip + " is missing: run mvn -Plambda package first");
        taskRoot = ManagedJavaRuntime.unpack(zip, Path.of("src/serving/target/lambda/task").toAbsolutePath());
    }

    private static ManagedJavaRuntime start(String export, Map<String, String> extra) throws Exception {
        ManagedJavaRuntime runtime = new ManagedJavaRuntime(taskRoot.resolveSibling("function-" + export + ".log"));
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("QUARKUS_FUNQY_EXPORT", export);
        // What infra/ sets on the JVM functions (FunctionPackaging.runtimeEnvironment).
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        runtime.spawn(taskRoot, ManagedJavaRuntime.DIRECT_HANDLER, env, List.of());
        return runtime;
    }

    @Test
    void classifyLoadsTheModelOnceAtInitFromThePackagedNativesAndAnswersClientErrorsAsValues() throws Exception {
        try (ManagedJavaRuntime runtime = start("classify", Map.of())) {
            HttpResponse<String> first = runtime.invoke("{\"texts\": [\"房间干净，服务热情，早餐丰富，非常满意！\"]}");
            assertEquals(200, first.statusCode(), first.body() + "\n" + runtime.log());
            JsonNode answer = JSON.readTree(first.body());
            assertEquals(1, answer.path("results").size(), first.body());
            double sum = 0;
            for (JsonNode p : answer.path("results").get(0).path("scores")) {
                sum += p.asDouble();
            }
            assertEquals(1.0, sum, 1e-5, first.body());

            HttpResponse<String> bad = runtime.invoke("{\"texts\": [\"好\"], \"topK\": 0}");
            assertEquals(200, bad.statusCode(), "a client error is the function's value, not a function error");
            assertEquals("out_of_range", JSON.readTree(bad.body()).path("error").path("code").asText(), bad.body());
            assertEquals("topK", JSON.readTree(bad.body()).path("error").path("field").asText(), bad.body());

            for (int i = 0; i < 3; i++) {
                assertEquals(200, runtime.invoke("{\"texts\": [\"还行\"]}").statusCode());
            }
            // Telemetry: one JSON request log line per invocation with its Lambda request id, and its EMF metrics.
            List<JsonNode> requests = runtime.requestLines();
            assertEquals(5, requests.size(), runtime.log());
            assertEquals(5, requests.stream().map(r -> r.path("mdc").path("requestId").asText()).filter(id -> !id.isBlank())
                    .distinct().count(), "each invocation's own Lambda request id:\n" + requests);
            assertEquals(List.of("ok", "out_of_range", "ok", "ok", "ok"),
                    requests.stream().map(r -> r.path("mdc").path("outcome").asText()).toList());
            assertTrue(requests.get(0).path("mdc").path("model").asText().startsWith("review-sentiment@"), requests.get(0).toString());
            List<JsonNode> metrics = runtime.requestMetricLines();
            assertEquals(5, metrics.size(), runtime.log());
            assertEquals("classify", metrics.get(0).path("Function").asText());
            assertEquals(requests.get(0).path("mdc").path("model").asText(), metrics.get(0).path("ModelVersion").asText());
            assertEquals(1, metrics.get(1).path("ClientErrors").asInt(), metrics.get(1).toString());
            assertEquals(1, metrics.get(0).path("TopScore").size(), metrics.get(0).toString());

            String log = runtime.log();
            assertEquals(1, count(log, "ready from classpath:sift/bundles/default"),
                    "the model loads once per environment, at init:\n" + log);
            assertTrue(log.contains("ONNX Runtime libraries from " + taskRoot.resolve("onnxruntime/" + System.getProperty("test.lambda.platform"))),
                    "ONNX Runtime must load the zip's pre-extracted libraries:\n" + log);
            assertTrue(!log.contains("Exception"), log);
            assertEquals(1, count(log, "cold start: JVM start to the direct handler"),
                    "one start-up breakdown, at the first answer:\n" + log);
            assertTrue(java.util.regex.Pattern.compile("cold start: JVM start to the direct handler \\d+ ms; configuration \\d+ ms; ONNX Runtime natives \\d+ ms;"
                    + " model load thread: bundle read \\d+ ms \\(integrity check 0 ms of it\\), ORT environment \\d+ ms,"
                    + " session \\d+ ms, first inference \\d+ ms; Quarkus boot \\d+ ms; first answer \\d+ ms after the direct"
                    + " handler, \\d+ ms after JVM start").matcher(log).find(), log);
        }
    }

    @Test
    void preprocessAnswersTheTokensOfItsExport() throws Exception {
        try (ManagedJavaRuntime runtime = start("preprocess", Map.of())) {
            HttpResponse<String> response = runtime.invoke("{\"texts\": [\"房间很好\"], \"maxLength\": 4}");
            assertEquals(200, response.statusCode(), response.body() + "\n" + runtime.log());
            assertEquals("[\"[CLS]\",\"房\",\"间\",\"[SEP]\"]",
                    JSON.readTree(response.body()).path("items").get(0).path("tokens").toString());
        }
    }

    @Test
    void feedbackStoresDurablyAndAFaultIsAFunctionErrorWithItsType() throws Exception {
        Path store = Files.createTempDirectory(taskRoot.getParent(), "feedback-");
        try (ManagedJavaRuntime runtime = start("feedback", Map.of("SIFT_FEEDBACK_STORE", "file:" + store))) {
            // Any label the served model has: read it from the model's own error message.
            HttpResponse<String> unknown = runtime.invoke("{\"text\": \"一般\", \"label\": \"no-such-label\"}");
            assertEquals(200, unknown.statusCode(), unknown.body() + "\n" + runtime.log());
            Matcher labels = Pattern.compile("must be one of \\[([^,\\]]+)").matcher(unknown.body());
            assertTrue(labels.find(), unknown.body());
            String event = "{\"id\": \"contract-1\", \"text\": \"早餐太差了\", \"label\": \"" + labels.group(1) + "\"}";
            HttpResponse<String> stored = runtime.invoke(event);
            assertEquals(200, stored.statusCode(), stored.body());
            assertEquals("{\"id\":\"contract-1\",\"stored\":true,\"duplicate\":false}", stored.body());
            try (var files = Files.walk(store)) {
                assertEquals(1, files.filter(f -> f.getFileName().toString().equals("contract-1.json")).count());
            }

            // The store fails: nothing acknowledged, and Lambda sees a function error it can count and retry.
            try (var files = Files.walk(store)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            Files.writeString(store, "not a directory");
            HttpResponse<String> fault = runtime.invoke(event.replace("contract-1", "contract-2"));
            assertEquals(500, fault.statusCode(), fault.body());
            assertEquals("store_unavailable: the feedback store is unavailable; nothing was stored, retry later with"
                    + " the same request", JSON.readTree(fault.body()).path("errorMessage").asText(), fault.body());
            assertTrue(runtime.log().contains("feedback not stored: feedback store file:"), "the cause is logged");
        } finally {
            try (var files = Files.walk(store)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void anUnknownSettingFailsTheInitWithItsReasonOnlyOnceTheModelLoadHasEnded() throws Exception {
        Path errors = Files.createTempDirectory(taskRoot.getParent(), "failed-init-");
        try (ManagedJavaRuntime runtime = new ManagedJavaRuntime(taskRoot.resolveSibling("function-failed-init.log"))) {
            // A model whose session takes seconds to create (make_tiny_classifier.py): the refusal comes first.
            runtime.spawn(taskRoot, ManagedJavaRuntime.DIRECT_HANDLER, Map.of("QUARKUS_FUNQY_EXPORT", "classify",
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
            try (var files = Files.list(errors)) {
                assertEquals(List.of(), files.map(f -> f.getFileName().toString()).toList(), log);
            }
        }
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
