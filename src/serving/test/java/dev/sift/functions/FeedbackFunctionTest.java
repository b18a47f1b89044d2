package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sift.feedback.FeedbackRecord;
import dev.sift.feedback.FeedbackService;
import dev.sift.feedback.FeedbackStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** feedback over HTTP with a file store and redaction on: storing, retries, redaction, and every bad input. */
@QuarkusTest
@TestProfile(FeedbackFunctionTest.RedactingFileStore.class)
class FeedbackFunctionTest {

    public static class RedactingFileStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sift.feedback.store", "file:target/feedback-tests/function-" + UUID.randomUUID(),
                    "sift.feedback.redact", "true", "sift.limits.max-text-chars", "40",
                    "sift.feedback.max-metadata-keys", "3", "sift.feedback.max-metadata-bytes", "80");
        }
    }

    @Inject
    FeedbackService feedback;

    private static String post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/feedback").then().statusCode(200)
                .contentType(ContentType.JSON).body("stored", equalTo(true)).extract().asString();
    }

    @Test
    void storesACorrectionOnceAndAnswersARetryWithTheSameIdAsADuplicate() throws Exception {
        String body = "{\"id\": \"ticket-8812:1\", \"text\": \"早餐太差了，不会再来\", \"label\": \"negative\","
                + " \"predicted\": \"positive\", \"score\": 0.71, \"modelVersion\": \"1.0.0\", \"source\": \"app\","
                + " \"metadata\": {\"channel\": \"ios\", \"stars\": 1}}";
        given().contentType(ContentType.JSON).body(body).post("/feedback").then().statusCode(200)
                .body("id", equalTo("ticket-8812:1")).body("stored", equalTo(true)).body("duplicate", equalTo(false));
        given().contentType(ContentType.JSON).body(body).post("/feedback").then().statusCode(200)
                .body("id", equalTo("ticket-8812:1")).body("duplicate", equalTo(true));

        FeedbackStore store = feedback.store();
        List<String> keys = store.recordKeys().stream().filter(k -> k.endsWith("/ticket-8812:1.json")).toList();
        assertEquals(1, keys.size(), keys.toString());
        FeedbackRecord record = store.read(keys.get(0));
        assertEquals(FeedbackRecord.SCHEMA_VERSION, record.schemaVersion());
        assertEquals("早餐太差了，不会再来", record.text());
        assertEquals("negative", record.label());
        assertEquals("positive", record.predicted());
        assertEquals(0.71, record.score());
        assertEquals("1.0.0", record.modelVersion());
        assertEquals("app", record.source());
        assertEquals(Map.of("channel", "ios", "stars", 1), record.metadata());
        assertEquals(List.of(), record.redacted(), "redaction ran and found nothing");
        assertTrue(Duration.between(record.receivedAt(), Instant.now()).abs().toMinutes() < 5);
        assertTrue(keys.get(0).startsWith("dt=" + record.receivedAt().toString().substring(0, 10) + "/"));
    }

    @Test
    void aReusedIdWithAnotherCorrectionIs409IdConflictAndTheFirstRecordStays() throws Exception {
        String first = "{\"id\": \"ticket-9001\", \"text\": \"前台态度很好\", \"label\": \"positive\", \"source\": \"app\"}";
        post(first);
        for (String reuse : List.of(
                "{\"id\": \"ticket-9001\", \"text\": \"前台态度很差\", \"label\": \"positive\", \"source\": \"app\"}",
                "{\"id\": \"ticket-9001\", \"text\": \"前台态度很好\", \"label\": \"negative\", \"source\": \"app\"}",
                "{\"id\": \"ticket-9001\", \"text\": \"前台态度很好\", \"label\": \"positive\", \"source\": \"web\"}")) {
            given().contentType(ContentType.JSON).body(reuse).post("/feedback").then().statusCode(409)
                    .contentType(ContentType.JSON)
                    .body("error.code", equalTo("id_conflict"))
                    .body("error.field", equalTo("id"))
                    .body("error.message", containsString("'ticket-9001'"));
        }
        given().contentType(ContentType.JSON).body(first).post("/feedback").then().statusCode(200)
                .body("duplicate", equalTo(true));
        FeedbackStore store = feedback.store();
        List<String> keys = store.recordKeys().stream().filter(k -> k.endsWith("/ticket-9001.json")).toList();
        assertEquals(1, keys.size(), keys.toString());
        assertEquals("前台态度很好", store.read(keys.get(0)).text());
    }

    @Test
    void withoutAnIdTheSameTextLabelAndSourceIsTheSameRecord() {
        String body = "{\"text\": \"  空调  坏了，没人修  \", \"label\": \"negative\", \"source\": \"web\"}";
        String id = given().contentType(ContentType.JSON).body(body).post("/feedback").then().statusCode(200)
                .body("id", matchesPattern("[0-9a-f]{32}")).body("duplicate", equalTo(false)).extract().path("id");
        // Same text up to spacing and width, same label and source: a retry.
        given().contentType(ContentType.JSON).body("{\"text\": \"空调 坏了，没人修\", \"label\": \"negative\", \"source\": \"web\"}")
                .post("/feedback").then().statusCode(200).body("id", equalTo(id)).body("duplicate", equalTo(true));
        // Another source is another record.
        given().contentType(ContentType.JSON).body("{\"text\": \"空调 坏了，没人修\", \"label\": \"negative\", \"source\": \"ios\"}")
                .post("/feedback").then().statusCode(200).body("id", not(equalTo(id))).body("duplicate", equalTo(false));
    }

    @Test
    void redactsPersonalDataInTextAndMetadataBeforeStoring() throws Exception {
        String response = post("{\"id\": \"redact-1\", \"text\": \"退款没到，电话13812345678\", \"label\": \"negative\","
                + " \"metadata\": {\"contact\": \"li.si@example.com\", \"order\": \"202405011234567890\"}}");
        assertTrue(response.contains("\"duplicate\":false"), response);
        FeedbackStore store = feedback.store();
        String key = store.recordKeys().stream().filter(k -> k.endsWith("/redact-1.json")).findFirst().orElseThrow();
        FeedbackRecord record = store.read(key);
        assertEquals("退款没到，电话[PHONE]", record.text());
        assertEquals(Map.of("contact", "[EMAIL]", "order", "202405011234567890"), record.metadata());
        assertEquals(List.of("phone", "email"), record.redacted());
        String raw = new String(store.readBytes(key), StandardCharsets.UTF_8);
        assertTrue(!raw.contains("13812345678") && !raw.contains("li.si"), raw);
    }

    @Test
    void refusesALabelTheModelDoesNotKnowAndListsTheAllowedOnes() {
        given().contentType(ContentType.JSON).body("{\"text\": \"一般般\", \"label\": \"neutral\"}").post("/feedback")
                .then().statusCode(400)
                .body("error.code", equalTo("unknown_label"))
                .body("error.field", equalTo("label"))
                .body("error.message", containsString("[negative, positive]"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"label\": \"negative\"}                                      | missing_field      | text",
        "{\"text\": 42, \"label\": \"negative\"}                         | invalid_type       | text",
        "{\"text\": \" \\n \", \"label\": \"negative\"}                  | blank_text         | text",
        "{\"text\": \"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一\", \"label\": \"negative\"} | text_too_long | text",
        "{\"text\": \"好\"}                                             | missing_field      | label",
        "{\"text\": \"好\", \"label\": 1}                                | invalid_type       | label",
        "{\"text\": \"好\", \"label\": \" \"}                            | invalid_value      | label",
        "{\"text\": \"好\", \"label\": \"positive\", \"score\": 1.5}      | out_of_range       | score",
        "{\"text\": \"好\", \"label\": \"positive\", \"score\": \"0.9\"}  | invalid_type       | score",
        "{\"text\": \"好\", \"label\": \"positive\", \"predicted\": 0}    | invalid_type       | predicted",
        "{\"text\": \"好\", \"label\": \"positive\", \"source\": \"\"}     | invalid_value      | source",
        "{\"text\": \"好\", \"label\": \"positive\", \"id\": \"../etc\"}   | invalid_id         | id",
        "{\"text\": \"好\", \"label\": \"positive\", \"id\": \".hidden\"}  | invalid_id         | id",
        "{\"text\": \"好\", \"label\": \"positive\", \"id\": \"a b\"}      | invalid_id         | id",
        "{\"text\": \"好\", \"label\": \"positive\", \"id\": 7}            | invalid_type       | id",
        "{\"text\": \"好\", \"label\": \"positive\", \"metadata\": [1]}    | invalid_type       | metadata",
        "{\"text\": \"好\", \"label\": \"positive\", \"metadata\": {\"a\": {\"b\": 1}}} | invalid_type | metadata.a",
        "{\"text\": \"好\", \"label\": \"positive\", \"metadata\": {\"a\": [1]}}        | invalid_type | metadata.a",
        "{\"text\": \"好\", \"label\": \"positive\", \"metadata\": {\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4}} | metadata_too_large | metadata",
        "{\"text\": \"好\", \"label\": \"positive\", \"metadata\": {\"note\": \"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十\"}} | metadata_too_large | metadata",
        "{\"text\": \"好\", \"label\": \"positive\", \"lable\": \"x\"}    | unknown_field      | lable",
        "[\"好\"]                                                       | invalid_type       | ",
    })
    void answersBadInputWith400AndTheErrorShape(String body, String code, String field) {
        var then = given().contentType(ContentType.JSON).body(body).post("/feedback").then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo(code))
                .body("error.message", not(containsString("Exception")));
        if (field == null) {
            then.body("error.field", equalTo(null));
        } else {
            then.body("error.field", equalTo(field));
        }
    }

    @Test
    void anIdIsAtMost128Characters() {
        given().contentType(ContentType.JSON).body("{\"text\": \"好\", \"label\": \"positive\", \"id\": \"" + "a".repeat(129) + "\"}")
                .post("/feedback").then().statusCode(400).body("error.code", equalTo("invalid_value"))
                .body("error.message", containsString("the limit is 128"));
        post("{\"text\": \"好\", \"label\": \"positive\", \"id\": \"" + "a".repeat(128) + "\"}");
    }

    @Test
    void aNullOptionalFieldIsAbsent() throws Exception {
        post("{\"id\": \"nulls-1\", \"text\": \"好\", \"label\": \"positive\", \"score\": null, \"metadata\": null}");
        FeedbackStore store = feedback.store();
        FeedbackRecord record = store.read(store.recordKeys().stream().filter(k -> k.endsWith("/nulls-1.json"))
                .findFirst().orElseThrow());
        assertNull(record.score());
        assertEquals(Map.of(), record.metadata());
    }
}
