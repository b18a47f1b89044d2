package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The contract at /q/openapi (src/serving/main/resources/META-INF/openapi.yaml) against the code:
 * real requests to the running app, every answer and every error shape this profile can provoke
 * validated against the schema the served document gives that operation and status. The feedback
 * store's 403 and 503 are checked in FeedbackDisabledTest and FeedbackStoreUnavailableTest, whose
 * profiles make them.
 */
@QuarkusTest
class OpenApiContractTest {
    private static final String TEXT = "房间干净，服务热情，早餐丰富，非常满意！";

    private OpenApiContract contract;

    @BeforeEach
    void fetchTheServedDocument() {
        contract = OpenApiContract.served();
    }

    @Test
    void servesAnOpenApi31DocumentAsYamlAndJson() {
        given().get("/q/openapi").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("application/yaml"));
        assertEquals("3.1.0", contract.document().path("openapi").asText());
        assertEquals("sift", contract.document().path("info").path("title").asText());
    }

    @Test
    void describesEveryFunctionFunqyExposesAndNothingElse() {
        Set<String> functions = new TreeSet<>();
        for (FunctionInvoker invoker : FunctionRecorder.registry.invokers()) {
            functions.add("/" + invoker.getName());
        }
        assertEquals(Set.of("/classify", "/preprocess", "/feedback", "/classifyBatch"), functions,
                "a function was added or removed: describe it in META-INF/openapi.yaml and here");
        Set<String> documented = new TreeSet<>();
        contract.document().path("paths").fieldNames().forEachRemaining(documented::add);
        for (String function : functions) {
            JsonNode post = contract.document().path("paths").path(function).path("post");
            assertFalse(post.isMissingNode(), "POST " + function + " is not in the document");
            assertFalse(post.path("requestBody").isMissingNode(), function + " has no request body");
            for (String status : List.of("200", "400", "413", "500", "503")) {
                assertFalse(post.path("responses").path(status).isMissingNode(), function + " does not document " + status);
            }
        }
        Set<String> others = new TreeSet<>(documented);
        others.removeAll(functions);
        assertEquals(Set.of("/q/health/ready"), others, "paths that are no function");
        assertFalse(contract.document().at("/paths/~1q~1health~1ready/get/responses/200").isMissingNode());
    }

    @Test
    void classifyAnswersMatchTheContract() {
        String request = "{\"texts\": [\"" + TEXT + "\", \"前台态度恶劣，再也不来了。\"]}";
        assertValidRequest("/classify", request);
        Response response = post("/classify", request);
        OpenApiContract.assertSameStatus(200, response);
        contract.assertAnswer("POST", "/classify", response);

        response = post("/classify", "{\"texts\": [\"" + TEXT + "\"], \"topK\": 1}");
        OpenApiContract.assertSameStatus(200, response);
        contract.assertAnswer("POST", "/classify", response);
    }

    /**
     * minScore and explain are in the contract as optional; until the code has them this request is
     * refused as unknown_field, and after, it is answered with abstentions and explanations: either
     * answer must match the document.
     */
    @Test
    void classifyWithMinScoreAndExplainMatchesTheContractBeforeAndAfterTheyAreImplemented() {
        String request = "{\"texts\": [\"" + TEXT + "\", \"一般\"], \"minScore\": 0.99, \"explain\": true}";
        assertValidRequest("/classify", request);
        Response response = post("/classify", request);
        assertTrue(response.statusCode() == 200 || response.statusCode() == 400, response.asString());
        contract.assertAnswer("POST", "/classify", response);

        // The document pins the abstention rule: label is null exactly when abstained is true.
        String model = "{\"model\": {\"name\": \"m\", \"version\": \"1\", \"recommendedMinScore\": 0.8}, \"results\": [";
        String scores = "\"score\": 0.6, \"scores\": {\"positive\": 0.6, \"negative\": 0.4}";
        assertEquals(List.of(), contract.answerErrors("POST", "/classify", 200,
                model + "{\"label\": null, \"abstained\": true, " + scores + "}]}"));
        assertFalse(contract.answerErrors("POST", "/classify", 200,
                model + "{\"label\": \"positive\", \"abstained\": true, " + scores + "}]}").isEmpty());
        assertFalse(contract.answerErrors("POST", "/classify", 200,
                model + "{\"label\": null, \"abstained\": false, " + scores + "}]}").isEmpty());
        assertEquals(List.of(), contract.answerErrors("POST", "/classify", 200, model + "{\"label\": \"positive\", "
                + scores + ", \"explanation\": {\"label\": \"positive\", \"method\": \"occlusion\", \"spans\": "
                + "[{\"start\": 0, \"end\": 2, \"text\": \"房间\", \"weight\": 0.31}]}}]}"));
    }

    @Test
    void preprocessFeedbackAndClassifyBatchAnswersMatchTheContract() {
        String preprocess = "{\"texts\": [\"房间很好WiFi\"], \"maxLength\": 8}";
        assertValidRequest("/preprocess", preprocess);
        Response response = post("/preprocess", preprocess);
        OpenApiContract.assertSameStatus(200, response);
        contract.assertAnswer("POST", "/preprocess", response);

        String feedback = "{\"id\": \"contract-" + UUID.randomUUID() + "\", \"text\": \"早餐太差\", \"label\": \"negative\","
                + " \"predicted\": \"positive\", \"score\": 0.7, \"modelVersion\": \"1.2.0\", \"source\": \"contract-test\","
                + " \"metadata\": {\"channel\": \"web\", \"stars\": 1, \"verified\": true, \"note\": null}}";
        assertValidRequest("/feedback", feedback);
        for (int attempt = 0; attempt < 2; attempt++) { // stored, then a duplicate
            response = post("/feedback", feedback);
            OpenApiContract.assertSameStatus(200, response);
            contract.assertAnswer("POST", "/feedback", response);
        }

        String batch = "{\"Items\": [{\"index\": 0, \"value\": {\"id\": \"a1\", \"text\": \"" + TEXT + "\"}},"
                + " {\"index\": 1, \"value\": {\"id\": 7, \"text\": \"  \"}}, {\"text\": \"没有编号\"}, 42],"
                + " \"BatchInput\": {\"column\": \"text\", \"idColumn\": \"id\"}}";
        assertValidRequest("/classifyBatch", batch);
        response = post("/classifyBatch", batch);
        OpenApiContract.assertSameStatus(200, response);
        contract.assertAnswer("POST", "/classifyBatch", response);
        assertEquals(2, response.jsonPath().getList("results").size(), response.asString());
        assertEquals(2, response.jsonPath().getList("errors").size(), response.asString());
    }

    @Test
    void readinessMatchesTheContract() {
        Response response = given().get("/q/health/ready");
        OpenApiContract.assertSameStatus(200, response);
        contract.assertAnswer("GET", "/q/health/ready", response);
    }

    /** A bad request, the status and code it gets, and whether the request schema alone already refuses it. */
    record BadRequest(String name, String path, String body, int status, String code, boolean schemaRefuses) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BadRequest> badRequests() {
        List<String> tooMany = new ArrayList<>(Collections.nCopies(65, "\"好\""));
        String id = "contract-conflict-" + UUID.randomUUID();
        return Stream.of(
                new BadRequest("malformed JSON", "/classify", "{\"texts\": [\"a\"", 400, "malformed_json", false),
                new BadRequest("no body", "/classify", "", 400, null, false),
                new BadRequest("body not an object", "/classify", "[\"a\"]", 400, "invalid_type", true),
                new BadRequest("missing texts", "/classify", "{}", 400, "missing_field", true),
                new BadRequest("texts not an array", "/classify", "{\"texts\": \"a\"}", 400, "invalid_type", true),
                new BadRequest("a text of the wrong type", "/classify", "{\"texts\": [\"a\", 42]}", 400, "invalid_type", true),
                new BadRequest("no texts", "/classify", "{\"texts\": []}", 400, "empty_texts", true),
                new BadRequest("empty text", "/classify", "{\"texts\": [\"\"]}", 400, "blank_text", true),
                new BadRequest("blank text", "/classify", "{\"texts\": [\" \\t\\n \"]}", 400, "blank_text", false),
                new BadRequest("too many texts", "/classify", "{\"texts\": [" + String.join(",", tooMany) + "]}", 400,
                        "too_many_texts", true),
                new BadRequest("text too long", "/classify", "{\"texts\": [\"" + "好".repeat(10_001) + "\"]}", 400,
                        "text_too_long", true),
                new BadRequest("unknown field", "/classify", "{\"texts\": [\"a\"], \"topk\": 1}", 400, "unknown_field", true),
                new BadRequest("topK out of range", "/classify", "{\"texts\": [\"a\"], \"topK\": 0}", 400, "out_of_range", true),
                new BadRequest("topK not an integer", "/classify", "{\"texts\": [\"a\"], \"topK\": \"2\"}", 400,
                        "invalid_type", true),
                new BadRequest("maxLength out of range", "/preprocess", "{\"texts\": [\"a\"], \"maxLength\": 2}", 400,
                        "out_of_range", true),
                new BadRequest("feedback without label", "/feedback", "{\"text\": \"一般\"}", 400, "missing_field", true),
                new BadRequest("feedback with an unknown label", "/feedback", "{\"text\": \"一般\", \"label\": \"neutral\"}",
                        400, "unknown_label", false),
                new BadRequest("feedback with a bad id", "/feedback", "{\"id\": \"-x\", \"text\": \"一般\", \"label\": \"negative\"}",
                        400, "invalid_id", true),
                new BadRequest("feedback with nested metadata", "/feedback",
                        "{\"text\": \"一般\", \"label\": \"negative\", \"metadata\": {\"a\": {\"b\": 1}}}", 400, "invalid_type", true),
                new BadRequest("feedback id reused for another correction (first post)", "/feedback",
                        "{\"id\": \"" + id + "\", \"text\": \"一般\", \"label\": \"negative\"}", 200, null, false),
                new BadRequest("feedback id reused for another correction", "/feedback",
                        "{\"id\": \"" + id + "\", \"text\": \"一般\", \"label\": \"positive\"}", 409, "id_conflict", false),
                new BadRequest("batch without Items", "/classifyBatch", "{\"BatchInput\": {}}", 400, "missing_field", true),
                new BadRequest("batch over 2,000 items", "/classifyBatch",
                        "{\"Items\": [" + String.join(",", Collections.nCopies(2_001, "{}")) + "]}", 400, "too_many_texts", true),
                new BadRequest("body over 2 MB", "/classify", "{\"texts\": [\"" + "a".repeat(2_200_000) + "\"]}", 413,
                        "payload_too_large", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void everyErrorMatchesTheContract(BadRequest bad) {
        Response response = post(bad.path(), bad.body());
        OpenApiContract.assertSameStatus(bad.status(), response);
        if (bad.code() != null) {
            assertEquals(bad.code(), response.jsonPath().getString("error.code"), response.asString());
        }
        contract.assertAnswer("POST", bad.path(), response);
        if (bad.schemaRefuses()) {
            assertFalse(contract.requestErrors("POST", bad.path(), bad.body()).isEmpty(),
                    "the request schema accepts what the function refuses: " + bad.name());
        }
    }

    @Test
    void aPathThatIsNoFunctionAndAMethodOtherThanPostMatchTheContract() {
        Response notFound = post("/nope", "{}");
        OpenApiContract.assertSameStatus(404, notFound);
        contract.assertComponentAnswer("NotFound", "POST /nope", notFound);

        Response postToThePage = post("/", "{}"); // the try-it page takes GET only
        OpenApiContract.assertSameStatus(404, postToThePage);
        contract.assertComponentAnswer("NotFound", "POST /", postToThePage);

        Response get = given().get("/classify?texts=a");
        OpenApiContract.assertSameStatus(405, get);
        contract.assertComponentAnswer("MethodNotAllowed", "GET /classify", get);

        Response put = given().contentType(ContentType.JSON).body("{}").put("/classify");
        OpenApiContract.assertSameStatus(405, put);
        contract.assertComponentAnswer("MethodNotAllowed", "PUT /classify", put);
    }

    /** The page's behaviour is TryItPageTest's (in a browser); this holds without one. */
    @Test
    void theTryItPageIsServedAtTheRootAndLoadsNothingFromElsewhere() {
        Response page = given().get("/");
        OpenApiContract.assertSameStatus(200, page);
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        String html = page.asString();
        assertTrue(html.contains("id=\"texts\"") && html.contains("/feedback") && html.contains("/classify"));
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//|url\\(\\s*['\"]?(https?:)?//|@import")
                .matcher(html).find(), "the page must work offline: no CDN, no external font or script");
    }

    @Test
    void aServerFaultAndARequestBeforeTheModelLoadedMatchTheContract() {
        Response fault = post(FaultRoutes.INTERNAL_ERROR, "{}");
        OpenApiContract.assertSameStatus(500, fault);
        contract.assertComponentAnswer("InternalError", "a server fault", fault);

        Response notReady = post(FaultRoutes.MODEL_NOT_READY, "{}");
        OpenApiContract.assertSameStatus(503, notReady);
        contract.assertComponentAnswer("ModelNotReady", "a request before the model loaded", notReady);
    }

    private void assertValidRequest(String path, String body) {
        assertEquals(List.of(), contract.requestErrors("POST", path, body), "the request schema refuses " + body);
    }

    private static Response post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }
}
