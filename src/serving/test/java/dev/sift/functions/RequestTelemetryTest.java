package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sift.testing.CapturedLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** One request log line per call, with its id and figures but never its texts, and the same figures at /q/metrics. */
@QuarkusTest
class RequestTelemetryTest {
    private static final String HAPPY = "房间干净，服务热情，早餐丰富，非常满意！";
    private static final String ANGRY = "房间又脏又臭，前台态度恶劣，再也不来了。";

    /** A request log line as the handler saw it: message and MDC at the time. */
    record Line(String level, String message, Map<String, String> mdc) {
    }

    private CapturedLog<Line> log;
    private List<Line> lines;

    @BeforeEach
    void listen() {
        log = CapturedLog.listen("sift.request", record -> new Line(record.getLevel().getName(), record.getMessage(),
                ((ExtLogRecord) record).getMdcCopy()));
        lines = log.records();
    }

    @AfterEach
    void stopListening() {
        log.close();
    }

    private Line onlyLine() {
        assertEquals(1, lines.size(), lines.toString());
        return lines.get(0);
    }

    @Test
    void aClassifyCallLogsItsIdModelTextsLatencyAndOutcomeButNotItsTexts() {
        given().contentType(ContentType.JSON).header("X-Request-Id", "req-2026-12-02.a1")
                .body("{\"texts\": [\"" + HAPPY + "\", \"" + ANGRY + "\"]}").post("/classify").then().statusCode(200);

        Line line = onlyLine();
        assertEquals("INFO", line.level());
        assertEquals("req-2026-12-02.a1", line.mdc().get("requestId"));
        assertEquals("classify", line.mdc().get("function"));
        assertTrue(line.mdc().get("model").matches("review-sentiment@\\d+\\.\\d+\\.\\d+"), line.toString());
        assertEquals("2", line.mdc().get("texts"));
        assertEquals("ok", line.mdc().get("outcome"));
        assertTrue(Double.parseDouble(line.mdc().get("latencyMs")) > 0, line.toString());
        assertTrue(line.message().startsWith("request req-2026-12-02.a1: classify review-sentiment@"), line.message());
        assertFalse(line.message().contains("房间") || line.mdc().toString().contains("房间"), "no text in the log: " + line);
    }

    @Test
    void aClientErrorIsLoggedWithTheCodeTheClientGot() {
        given().contentType(ContentType.JSON).body("{\"texts\": [\"好\"], \"topK\": 0}").post("/classify")
                .then().statusCode(400);

        Line line = onlyLine();
        assertEquals("out_of_range", line.mdc().get("outcome"));
        assertEquals("INFO", line.level(), "the caller's mistake is not the service's warning");
        assertTrue(line.mdc().get("requestId").matches("[0-9a-f]{16}"), "an id is made up when none is sent: " + line);
    }

    @Test
    void aRequestIdThatCouldForgeALogLineIsReplaced() {
        given().contentType(ContentType.JSON).header("X-Request-Id", "x\" level=ERROR")
                .body("{\"texts\": [\"好\"]}").post("/preprocess").then().statusCode(200);

        Line line = onlyLine();
        assertEquals("preprocess", line.mdc().get("function"));
        assertTrue(line.mdc().get("requestId").matches("[0-9a-f]{16}"), line.toString());
    }

    @Test
    void feedbackLogsOneCorrectionAndItsOutcome() {
        given().contentType(ContentType.JSON).body("{\"text\": \"一般\", \"label\": \"no-such-label\"}").post("/feedback")
                .then().statusCode(400);

        Line line = onlyLine();
        assertEquals("feedback", line.mdc().get("function"));
        assertEquals("1", line.mdc().get("texts"));
        assertEquals("unknown_label", line.mdc().get("outcome"));
    }

    @Test
    void aRequestRefusedBeforeAnyFunctionRanIsLoggedToo() {
        given().contentType(ContentType.JSON).header("X-Request-Id", "bad-json-1").body("{\"texts\": [").post("/classify")
                .then().statusCode(400);
        Line malformed = onlyLine();
        assertEquals("bad-json-1", malformed.mdc().get("requestId"));
        assertEquals("classify", malformed.mdc().get("function"));
        assertEquals("malformed_json", malformed.mdc().get("outcome"));
        assertEquals("-", malformed.mdc().get("latencyMs"), "no function ran, so no function latency");

        lines.clear();
        given().contentType(ContentType.JSON).body("{}").post("/no-such-function").then().statusCode(404);
        Line unknown = onlyLine();
        assertEquals("none", unknown.mdc().get("function"), "a path is not a function name: " + unknown);
        assertEquals("not_found", unknown.mdc().get("outcome"));
    }

    @Test
    void metricsCountRequestsByOutcomeTextsAndTheLabelMix() {
        String before = metrics();
        given().contentType(ContentType.JSON).body("{\"texts\": [\"" + HAPPY + "\", \"" + HAPPY + "\", \"" + ANGRY + "\"]}")
                .post("/classify").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"texts\": []}").post("/classify").then().statusCode(400);
        String after = metrics();

        String ok = "sift_requests_seconds_count\\{function=\"classify\",model=\"review-sentiment@[0-9.]+\",outcome=\"ok\"\\}";
        assertEquals(value(before, ok) + 1, value(after, ok), after);
        String empty = "sift_requests_seconds_count\\{function=\"classify\",model=\"review-sentiment@[0-9.]+\",outcome=\"empty_texts\"\\}";
        assertEquals(value(before, empty) + 1, value(after, empty), after);
        String positive = "sift_predictions_total\\{function=\"classify\",label=\"positive\",model=\"review-sentiment@[0-9.]+\"\\}";
        assertEquals(value(before, positive) + 2, value(after, positive), after);
        String negative = "sift_predictions_total\\{function=\"classify\",label=\"negative\",model=\"review-sentiment@[0-9.]+\"\\}";
        assertEquals(value(before, negative) + 1, value(after, negative), after);
        String scores = "sift_top_score_count\\{function=\"classify\",model=\"review-sentiment@[0-9.]+\"\\}";
        assertEquals(value(before, scores) + 3, value(after, scores), after);
        assertTrue(after.contains("sift_requests_seconds{function=\"classify\""), "p50/p99 are published: " + after);
        assertNotEquals(-1, after.indexOf("quantile=\"0.99\""), after);
    }

    @Test
    void everyFunctionsSeriesForTheServedModelExistFromStartUp() throws InterruptedException {
        // Registered at zero on a thread of their own once the model is ready (PrometheusMetrics),
        // whether or not a request of that function has come: none of this class sends a batch.
        List<String> expected = new ArrayList<>();
        for (String function : List.of("classify", "classifyBatch", "preprocess", "feedback")) {
            expected.add("sift_requests_seconds_count{function=\"" + function + "\",model=\"review-sentiment@");
            expected.add("sift_texts_total{function=\"" + function + "\",model=\"review-sentiment@");
        }
        for (String label : List.of("positive", "negative")) {
            expected.add("sift_predictions_total{function=\"classifyBatch\",label=\"" + label + "\",model=\"review-sentiment@");
        }
        expected.add("sift_top_score_count{function=\"classifyBatch\",model=\"review-sentiment@");
        String exposition = metrics();
        for (int tries = 0; tries < 50 && !expected.stream().allMatch(exposition::contains); tries++) {
            Thread.sleep(100);
            exposition = metrics();
        }
        String found = exposition;
        assertEquals(List.of(), expected.stream().filter(series -> !found.contains(series)).toList(), exposition);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A sample's value; 0 when the series does not exist yet. */
    private static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
