package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** classify over HTTP on the real default bundle. */
@QuarkusTest
class ClassifyFunctionTest {

    @Test
    void classifiesEachTextInInputOrderWithTheModelThatAnswered() {
        Response response = given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"房间干净，服务热情，早餐丰富，非常满意！\", \"房间又脏又臭，前台态度恶劣，再也不来了。\"]}")
                .post("/classify");
        response.then().statusCode(200)
                .body("model.name", equalTo("review-sentiment"))
                .body("model.version", notNullValue())
                .body("results", hasSize(2))
                .body("results[0].label", equalTo("positive"))
                .body("results[1].label", equalTo("negative"));
        List<Map<String, Float>> scores = response.path("results.scores");
        for (Map<String, Float> s : scores) {
            assertEquals(2, s.size());
            assertEquals(1.0, s.values().stream().mapToDouble(Float::doubleValue).sum(), 1e-5);
        }
    }

    @Test
    void topKLimitsTheScoresToTheMostProbableLabels() {
        given().contentType(ContentType.JSON).body("{\"texts\": [\"很好\"], \"topK\": 1}")
                .post("/classify").then().statusCode(200)
                .body("results[0].scores.size()", equalTo(1))
                .body("results[0].score", both(greaterThan(0.5f)).and(lessThanOrEqualTo(1.0f)));
    }

    @Test
    void abstainsBelowTheRequestsMinScoreWithTheScoresStillGiven() {
        Response response = given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"房间干净，服务热情，早餐丰富，非常满意！\", \"还行吧，一般般\"], \"minScore\": 0.9}")
                .post("/classify");
        response.then().statusCode(200)
                .body("model.recommendedMinScore", notNullValue())
                .body("results[0].abstained", equalTo(false))
                .body("results[0].label", equalTo("positive"));
        List<Map<String, Object>> results = response.path("results");
        for (Map<String, Object> result : results) {
            double score = ((Number) result.get("score")).doubleValue();
            assertEquals(score < 0.9, result.get("abstained"), result.toString());
            assertEquals(score < 0.9, result.get("label") == null, result.toString());
            assertEquals(2, ((Map<?, ?>) result.get("scores")).size());
        }
    }

    @Test
    void keepsEveryAnswerWithoutAMinScoreAsBeforeAbstentionExisted() {
        given().contentType(ContentType.JSON).body("{\"texts\": [\"还行吧，一般般\", \"好\"]}")
                .post("/classify").then().statusCode(200)
                .body("results.abstained", equalTo(List.of(false, false)))
                .body("results.label", everyItem(notNullValue()))
                .body("model.minScore", nullValue());
    }

    @Test
    void refusesAMinScoreOutsideZeroToOne() {
        given().contentType(ContentType.JSON).body("{\"texts\": [\"好\"], \"minScore\": 1.5}")
                .post("/classify").then().statusCode(400)
                .body("error.code", equalTo("out_of_range")).body("error.field", equalTo("minScore"));
        given().contentType(ContentType.JSON).body("{\"texts\": [\"好\"], \"minScore\": \"0.5\"}")
                .post("/classify").then().statusCode(400)
                .body("error.code", equalTo("invalid_type")).body("error.field", equalTo("minScore"));
    }
}
