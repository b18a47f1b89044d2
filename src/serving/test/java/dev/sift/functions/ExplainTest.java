package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** {@code "explain": true} on classify over HTTP, on the real default bundle. */
@QuarkusTest
class ExplainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Response classify(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/classify");
    }

    private static String explainBody(String... texts) {
        ObjectNode body = JSON.createObjectNode();
        List.of(texts).forEach(body.putArray("texts")::add);
        return body.put("explain", true).toString();
    }

    private static List<Map<String, Object>> spans(JsonPath answer, int result) {
        return answer.getList("results[" + result + "].explanation.spans");
    }

    private static double weight(Map<String, Object> span) {
        return ((Number) span.get("weight")).doubleValue();
    }

    private static Map<String, Object> strongest(List<Map<String, Object>> spans) {
        return Collections.max(spans, Comparator.comparingDouble(ExplainTest::weight));
    }

    private static Map<String, Object> weakest(List<Map<String, Object>> spans) {
        return Collections.min(spans, Comparator.comparingDouble(ExplainTest::weight));
    }

    private static Map<String, Object> span(List<Map<String, Object>> spans, String text) {
        return spans.stream().filter(s -> s.get("text").equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no span '" + text + "' in " + spans));
    }

    @Test
    void explainsNegativeLabelWithTheComplaintUpAndThePraiseDown() {
        JsonPath answer = classify(explainBody("房间很大，就是隔音不好")).then().statusCode(200)
                .body("results[0].label", equalTo("negative"))
                .body("results[0].explanation.label", equalTo("negative"))
                .body("results[0].explanation.method", equalTo("occlusion"))
                .extract().jsonPath();
        List<Map<String, Object>> spans = spans(answer, 0);
        assertEquals(Map.of("start", 9, "end", 11, "text", "不好"), withoutWeight(strongest(spans)), spans.toString());
        // the praise clause 房间很大 pulls the other way; which of its two words most is the model's call
        // (htl-sentiment 1.3.0: 很大; review-sentiment 2.0.0: 房间)
        assertTrue(List.of(Map.of("start", 0, "end", 2, "text", "房间"), Map.of("start", 2, "end", 4, "text", "很大"))
                .contains(withoutWeight(weakest(spans))), spans.toString());
        assertTrue(weight(span(spans, "房间")) < 0 && weight(span(spans, "很大")) < 0, spans.toString());
        assertTrue(weight(strongest(spans)) > 0.3 && weight(weakest(spans)) < 0, spans.toString());
    }

    @Test
    void explainsAMixedReviewWithThePraisePushingUpAndTheComplaintDown() {
        String text = "房间干净，服务热情，但是早餐太差了";
        JsonPath answer = classify(explainBody(text)).then().statusCode(200)
                .body("results[0].label", equalTo("positive"))
                .body("results[0].explanation.label", equalTo("positive"))
                .extract().jsonPath();
        List<Map<String, Object>> spans = spans(answer, 0);
        assertEquals(Map.of("start", 14, "end", 16, "text", "太差"), withoutWeight(weakest(spans)), spans.toString());
        assertTrue(weight(span(spans, "干净")) > 0 && weight(span(spans, "热情")) > 0, spans.toString());
        // Not pinned, but worth knowing: this model's strongest span up is 早餐, because without it
        // "但是太差了" reads as a complaint about the whole stay (positive 0.97 -> 0.43).
        assertSpansIndexTheText(text, spans);
    }

    @Test
    void offsetsAreStringIndicesOfTheTextAsSentThroughNfkcEmojiAndUnknownCharacters() {
        String text = "ＷｉＦｉ很差👨‍👩‍👧‍👦，１２３号房间😡😡脏得要命⚠️";
        JsonPath answer = classify(explainBody(text, "👍🏽👍🏽房间干净")).then().statusCode(200).extract().jsonPath();
        assertSpansIndexTheText(text, spans(answer, 0));
        assertSpansIndexTheText("👍🏽👍🏽房间干净", spans(answer, 1));
        assertEquals("negative", answer.getString("results[0].explanation.label"));
        assertEquals(Map.of("start", 4, "end", 6, "text", "很差"), withoutWeight(strongest(spans(answer, 0))));
    }

    @Test
    void answersWithoutExplanationUnlessAsked() {
        classify("{\"texts\": [\"房间很好\"]}").then().statusCode(200)
                .body("results[0]", not(hasKey("explanation")));
        classify("{\"texts\": [\"房间很好\"], \"explain\": false}").then().statusCode(200)
                .body("results[0]", not(hasKey("explanation")));
        classify("{\"texts\": [\"房间很好\"], \"explain\": null}").then().statusCode(200)
                .body("results[0]", not(hasKey("explanation")));
    }

    @Test
    void keepsEveryPredictionFieldAndTopKBesideTheExplanation() {
        String plain = classify("{\"texts\": [\"房间很好\", \"很差\"], \"topK\": 1}").then().statusCode(200)
                .extract().asString();
        JsonPath explained = classify("{\"texts\": [\"房间很好\", \"很差\"], \"topK\": 1, \"explain\": true}")
                .then().statusCode(200).body("results[0].scores.size()", equalTo(1)).extract().jsonPath();
        JsonPath without = JsonPath.from(plain);
        assertEquals(without.getMap("model"), explained.getMap("model"));
        for (int i = 0; i < 2; i++) {
            Map<String, Object> result = new java.util.HashMap<>(explained.getMap("results[" + i + "]"));
            result.remove("explanation");
            assertEquals(without.getMap("results[" + i + "]"), result);
            assertEquals(result.get("label"), explained.getString("results[" + i + "].explanation.label"));
        }
    }

    @Test
    void refusesToExplainMoreThanEightTexts() {
        String twelve = explainBody(Collections.nCopies(12, "好").toArray(String[]::new));
        classify(twelve).then().statusCode(400)
                .body("error.code", equalTo("too_many_texts"))
                .body("error.field", equalTo("explain"))
                .body("error.message", equalTo("'explain' takes at most 8 texts per request, got 12"));
        classify(explainBody(Collections.nCopies(8, "好").toArray(String[]::new))).then().statusCode(200);
        String twelvePlain = "{\"texts\": [" + String.join(",", Collections.nCopies(12, "\"好\"")) + "]}";
        classify(twelvePlain).then().statusCode(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"\"true\"", "1", "[true]", "{}"})
    void refusesAnExplainThatIsNotABoolean(String value) {
        classify("{\"texts\": [\"好\"], \"explain\": " + value + "}").then().statusCode(400)
                .body("error.code", equalTo("invalid_type"))
                .body("error.field", equalTo("explain"));
    }

    private static Map<String, Object> withoutWeight(Map<String, Object> span) {
        Map<String, Object> copy = new java.util.HashMap<>(span);
        copy.remove("weight");
        return copy;
    }

    static void assertSpansIndexTheText(String text, List<Map<String, Object>> spans) {
        assertFalse(spans.isEmpty(), text);
        int previousEnd = 0;
        for (Map<String, Object> s : spans) {
            int start = (Integer) s.get("start");
            int end = (Integer) s.get("end");
            assertEquals(text.substring(start, end), s.get("text"), text + ": " + s);
            assertTrue(start >= previousEnd && end > start, "sorted, disjoint: " + spans);
            assertFalse(Character.isLowSurrogate(text.charAt(start)), s.toString());
            assertTrue(end == text.length() || !Character.isLowSurrogate(text.charAt(end)), s.toString());
            previousEnd = end;
        }
    }
}
