package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A deployment that allows new labels stores them; redaction off stores the text as sent. */
@QuarkusTest
@TestProfile(FeedbackPolicyTest.NewLabelsAllowed.class)
class FeedbackPolicyTest {

    public static class NewLabelsAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sift.feedback.store", "file:target/feedback-tests/policy-" + UUID.randomUUID(),
                    "sift.feedback.allow-new-labels", "true");
        }
    }

    @Test
    void storesALabelTheModelDoesNotKnowWhenTheDeploymentAllowsIt() {
        given().contentType(ContentType.JSON).body("{\"text\": \"位置一般，价格也一般\", \"label\": \"neutral\"}")
                .post("/feedback").then().statusCode(200).body("duplicate", equalTo(false));
    }
}
