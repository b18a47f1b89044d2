package dev.sift.functions;

import static dev.sift.functions.ApiGatewayEvents.event;
import static dev.sift.functions.ApiGatewayEvents.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sift.model.ModelInfo;
import dev.sift.serving.ClassifierService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The API Gateway zip: every route of one function, driven by HTTP API v2 events. */
@QuarkusTest
@TestProfile(ApiGatewayFunctionTest.FileStore.class)
class ApiGatewayFunctionTest {
    public static class FileStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sift.feedback.store", "file:target/feedback-tests/api-" + UUID.randomUUID(),
                    "quarkus.http.limits.max-body-size", "2K");
        }
    }

    @Inject
    ClassifierService service;

    @Test
    void classifiesThroughAPublicRoute() throws Exception {
        ModelInfo model = service.classifier().info();
        ApiGatewayEvents.Answer answer = invoke(event("http-api-v2.json", "POST", "/classify",
                "{\"texts\": [\"房间干净，服务热情，早餐丰富，非常满意！\", \"前台态度恶劣，再也不来了。\"]}", false));
        assertEquals(200, answer.status(), answer.body());
        assertTrue(header(answer, "content-type").startsWith("application/json"), answer.headers().toString());
        JsonNode json = answer.json();
        assertEquals(model.name(), json.path("model").path("name").asText());
        assertEquals(2, json.path("results").size());
        for (JsonNode result : json.path("results")) {
            assertTrue(model.labels().contains(result.path("label").asText()), result.toString());
        }
    }

    @Test
    void carriesAbstentionAndTheModelsThresholdsThroughTheApiGatewayPackaging() throws Exception {
        ApiGatewayEvents.Answer answer = invoke(event("http-api-v2.json", "POST", "/classify",
                "{\"texts\": [\"房间干净，服务热情，早餐丰富，非常满意！\", \"还行吧\"], \"minScore\": 1.0}", false));
        assertEquals(200, answer.status(), answer.body());
        JsonNode json = answer.json();
        for (JsonNode result : json.path("results")) {
            assertTrue(result.path("abstained").asBoolean(), "minScore 1 abstains on every text: " + result);
            assertTrue(result.path("label").isNull(), result.toString());
            assertEquals(2, result.path("scores").size(), "the scores are still given: " + result);
        }
        assertEquals(service.classifier().info().recommendedMinScore(), json.at("/model/recommendedMinScore").asDouble());
    }

    @Test
    void takesABase64EncodedBodyAsApiGatewaySendsBinaryOrUnknownContent() throws Exception {
        ApiGatewayEvents.Answer answer = invoke(event("http-api-v2.json", "POST", "/preprocess",
                "{\"texts\": [\"房间很好WiFi\"], \"maxLength\": 5}", true));
        assertEquals(200, answer.status(), answer.body());
        List<String> tokens = new ArrayList<>();
        answer.json().path("items").get(0).path("tokens").forEach(t -> tokens.add(t.asText()));
        assertEquals(List.of("[CLS]", "房", "间", "很", "[SEP]"), tokens);
    }

    @Test
    void storesFeedbackSentWithAJwtAuthorizerContextAndAnswersItsRetryAsADuplicate() throws Exception {
        String label = service.classifier().info().labels().get(0);
        String body = "{\"id\": \"api-jwt-1\", \"text\": \"早餐太差了\", \"label\": \"" + label + "\", \"source\": \"app\"}";
        ApiGatewayEvents.Answer first = invoke(event("http-api-v2-jwt.json", "POST", "/feedback", body, false));
        assertEquals(200, first.status(), first.body());
        assertEquals("api-jwt-1", first.json().path("id").asText());
        assertTrue(first.json().path("stored").asBoolean());
        assertEquals(false, first.json().path("duplicate").asBoolean());
        ApiGatewayEvents.Answer retry = invoke(event("http-api-v2-jwt.json", "POST", "/feedback", body, true));
        assertEquals(200, retry.status(), retry.body());
        assertEquals(true, retry.json().path("duplicate").asBoolean());
    }

    @ParameterizedTest(name = "{0} {1} -> {3} {4}")
    @CsvSource(delimiter = '|', value = {
            "http-api-v2.json     | /classify  | {\"texts\": []}                        | 400 | empty_texts",
            "http-api-v2.json     | /classify  | {\"texts\": [\"好\"], \"topK\": \"2\"} | 400 | invalid_type",
            "http-api-v2.json     | /classify  | {\"texts\": [\"好\"                    | 400 | malformed_json",
            "http-api-v2.json     | /preprocess| {\"texts\": [\"好\"], \"maxLength\": 1}| 400 | out_of_range",
            "http-api-v2-jwt.json | /feedback  | {\"text\": \"一般\", \"label\": \"x?\"} | 400 | unknown_label",
    })
    void answersBadInputWithTheErrorShapeAndA4xx(String fixture, String path, String body, int status, String code)
            throws Exception {
        ApiGatewayEvents.Answer answer = invoke(event(fixture, "POST", path.strip(), body, false));
        assertEquals(status, answer.status(), answer.body());
        JsonNode error = answer.json().path("error");
        assertEquals(code, error.path("code").asText(), answer.body());
        assertTrue(!error.path("message").asText().isBlank(), answer.body());
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "POST | /nope     | 404 | not_found          | no function at /nope",
            "GET  | /classify | 405 | method_not_allowed | GET is not supported on /classify; POST a JSON body",
    })
    void answersARouteOrMethodWithoutAFunctionWithTheErrorShape(String method, String path, int status, String code,
            String message) throws Exception {
        ApiGatewayEvents.Answer answer = invoke(event("http-api-v2.json", method, path, "POST".equals(method) ? "{}" : null,
                false));
        assertErrorShape(answer, status, code, message);
    }

    @Test
    void answersABodyOverTheSizeLimitWith413AndTheErrorShape() throws Exception {
        String big = "{\"texts\": [\"" + "好".repeat(1500) + "\"]}";
        ApiGatewayEvents.Answer answer = invoke(event("http-api-v2.json", "POST", "/classify", big, false));
        assertErrorShape(answer, 413, "payload_too_large",
                "the request body exceeds the configured limit (quarkus.http.limits.max-body-size)");
    }

    /** The one error shape of every packaging: a JSON body {"error": {code, message, field}} and nothing else. */
    private static void assertErrorShape(ApiGatewayEvents.Answer answer, int status, String code, String message)
            throws Exception {
        assertEquals(status, answer.status(), answer.body());
        assertTrue(header(answer, "content-type").startsWith("application/json"), answer.headers() + " " + answer.body());
        JsonNode json = answer.json();
        assertEquals(List.of("error"), fieldNames(json), answer.body());
        assertEquals(code, json.path("error").path("code").asText(), answer.body());
        assertEquals(message, json.path("error").path("message").asText(), answer.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String header(ApiGatewayEvents.Answer answer, String name) {
        var names = answer.headers().fieldNames();
        while (names.hasNext()) {
            String candidate = names.next();
            if (candidate.equalsIgnoreCase(name)) {
                return answer.headers().get(candidate).asText();
            }
        }
        return "";
    }

    @Test
    void answersTheReadinessPathTheApiRewritesGetHealthTo() throws Exception {
        ApiGatewayEvents.Answer answer = invoke(event("http-api-v2.json", "GET", "/q/health/ready", null, false));
        assertEquals(200, answer.status(), answer.body());
        assertEquals("UP", answer.json().path("status").asText());
        assertEquals(service.classifier().info().name(),
                answer.json().path("checks").get(0).path("data").path("name").asText(), answer.body());
    }
}
