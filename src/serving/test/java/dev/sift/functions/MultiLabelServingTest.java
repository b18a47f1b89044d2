package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The app serving a multi-label bundle (sift-core's tiny-multilabel: three independent labels,
 * threshold 0.6 each): every answer carries the label set, the model's thresholds, and matches the
 * OpenAPI document; a request's minScore replaces the thresholds.
 */
@QuarkusTest
@TestProfile(MultiLabelServingTest.MultiLabelBundle.class)
class MultiLabelServingTest {
    private static final String TEXTS = "{\"texts\": [\"很好\", \"很差\", \"一般\", \"房间好但是很差\"]";

    public static class MultiLabelBundle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sift.model.bundle", "classpath:bundles/tiny-multilabel",
                    "sift.feedback.store", "file:target/feedback-tests/multilabel-" + java.util.UUID.randomUUID());
        }
    }

    private static Response classify(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/classify");
    }

    @Test
    void eachResultCarriesEveryLabelOverItsThreshold() {
        JsonPath answer = classify(TEXTS + "}").then().statusCode(200)
                .body("model.name", equalTo("tiny-multilabel"))
                .body("model.thresholds.neutral", equalTo(0.6f))
                .body("results", hasSize(4))
                .body("results.labels", everyItem(notNullValue()))
                .extract().jsonPath();
        for (int i = 0; i < 4; i++) {
            Map<String, Float> scores = answer.getMap("results[" + i + "].scores");
            List<String> expected = new ArrayList<>();
            scores.forEach((label, score) -> {
                if (score >= 0.6f) {
                    expected.add(label);
                }
            });
            assertEquals(expected, answer.getList("results[" + i + "].labels"), "result " + i + ": " + scores);
            assertEquals(expected.isEmpty() ? null : expected.get(0), answer.getString("results[" + i + "].label"));
            assertEquals(expected.isEmpty(), answer.getBoolean("results[" + i + "].abstained"));
        }
    }

    @Test
    void aRequestMinScoreReplacesTheThresholds() {
        classify("{\"texts\": [\"很好\"], \"minScore\": 0}").then().statusCode(200)
                .body("results[0].labels", hasSize(3));
        classify("{\"texts\": [\"很好\"], \"minScore\": 1}").then().statusCode(200)
                .body("results[0].labels", hasSize(0))
                .body("results[0].label", nullValue())
                .body("results[0].abstained", equalTo(true))
                .body("results[0].scores.size()", equalTo(3));
    }

    @Test
    void answersMatchTheOpenApiContract() {
        OpenApiContract contract = OpenApiContract.served();
        contract.assertAnswer("POST", "/classify", classify(TEXTS + "}"));
        contract.assertAnswer("POST", "/classify", classify(TEXTS + ", \"minScore\": 1, \"topK\": 2}"));
        contract.assertAnswer("POST", "/classify", classify(TEXTS + ", \"explain\": true}"));
        contract.assertAnswer("POST", "/classifyBatch", given().contentType(ContentType.JSON)
                .body("{\"Items\": [{\"index\": 0, \"value\": {\"text\": \"很好\"}}, {\"text\": \"很差\"}]}")
                .post("/classifyBatch"));
    }

    @Test
    void batchRowsCarryTheLabelSetToo() {
        JsonPath answer = given().contentType(ContentType.JSON)
                .body("{\"Items\": [{\"index\": 0, \"value\": {\"id\": \"a\", \"text\": \"很好\"}}]}")
                .post("/classifyBatch").then().statusCode(200)
                .body("results", hasSize(1)).body("results[0].id", equalTo("a"))
                .extract().jsonPath();
        JsonPath single = classify("{\"texts\": [\"很好\"]}").then().extract().jsonPath();
        assertEquals(single.getList("results[0].labels"), answer.getList("results[0].labels"));
        assertTrue(answer.getMap("results[0].scores").size() == 3);
    }

    @Test
    void aCorrectionIsTheWholeLabelSetSeparatedByBars() {
        OpenApiContract contract = OpenApiContract.served();
        Response stored = given().contentType(ContentType.JSON)
                .body("{\"text\": \"房间好但是很差\", \"label\": \"negative|positive\", \"predicted\": \"positive\"}")
                .post("/feedback");
        stored.then().statusCode(200).body("stored", equalTo(true));
        contract.assertAnswer("POST", "/feedback", stored);
        Response unknown = given().contentType(ContentType.JSON)
                .body("{\"text\": \"很好\", \"label\": \"positive|happy\"}").post("/feedback");
        unknown.then().statusCode(400).body("error.code", equalTo("unknown_label")).body("error.field", equalTo("label"))
                .body("error.message", equalTo("every label in 'label' must be one of [negative, neutral, positive] "
                        + "(the serving model's labels), got 'happy'"));
        contract.assertAnswer("POST", "/feedback", unknown);
        given().contentType(ContentType.JSON).body("{\"text\": \"很好\", \"label\": \"positive|\"}").post("/feedback")
                .then().statusCode(400).body("error.code", equalTo("invalid_value"))
                .body("error.message", org.hamcrest.Matchers.containsString("it has an empty one: 'positive|'"));
        given().contentType(ContentType.JSON).body("{\"text\": \"很好\", \"label\": \"positive|positive\"}")
                .post("/feedback").then().statusCode(400).body("error.message", equalTo("'label' names 'positive' twice"));
    }

    @Test
    void anExplanationExplainsTheFirstLabel() {
        classify("{\"texts\": [\"很好\"], \"minScore\": 0, \"explain\": true}").then().statusCode(200)
                .body("results[0].explanation.label", equalTo(classify("{\"texts\": [\"很好\"], \"minScore\": 0}")
                        .then().extract().jsonPath().getString("results[0].label")))
                .body("results[0].labels", contains(classify("{\"texts\": [\"很好\"], \"minScore\": 0}")
                        .then().extract().jsonPath().getList("results[0].labels").toArray()));
    }
}
