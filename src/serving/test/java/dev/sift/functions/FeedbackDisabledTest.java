package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A deployment that takes no feedback ({@code sift.feedback.store=none}, as infra configures the
 * classify and preprocess functions): it opens no store, classifies as usual, and refuses a
 * correction with 403 feedback_disabled, which a client does not retry.
 */
@QuarkusTest
@TestProfile(FeedbackDisabledTest.NoStore.class)
class FeedbackDisabledTest {

    public static class NoStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sift.feedback.store", "none");
        }
    }

    @Test
    void aCorrectionIsRefusedWith403AndTheReason() {
        given().contentType(ContentType.JSON).body("{\"text\": \"床很舒服\", \"label\": \"positive\"}").post("/feedback")
                .then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("feedback_disabled"))
                .body("error.message", containsString("sift.feedback.store=none"));
    }

    @Test
    void the403MatchesTheOpenApiContract() {
        OpenApiContract.served().assertAnswer("POST", "/feedback", given().contentType(ContentType.JSON)
                .body("{\"text\": \"床很舒服\", \"label\": \"positive\"}").post("/feedback"));
    }

    @Test
    void classifyIsUnaffected() {
        given().contentType(ContentType.JSON).body("{\"texts\": [\"床很舒服\"]}").post("/classify").then().statusCode(200);
    }
}
