package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** An S3 store that refuses connections: the post is answered 503 store_unavailable, retryable, never 200. */
@QuarkusTest
@TestProfile(FeedbackStoreUnavailableTest.UnreachableS3.class)
class FeedbackStoreUnavailableTest {

    public static class UnreachableS3 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "test-key"));
            System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "test-secret"));
            return Map.of("sift.feedback.store", "s3://sift-feedback/unreachable",
                    "sift.feedback.s3.endpoint", "http://127.0.0.1:" + closedPort(),
                    "sift.feedback.s3.force-path-style", "true");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void answers503WithARetryableCodeAndRetryAfter() {
        given().contentType(ContentType.JSON).body("{\"text\": \"床很舒服\", \"label\": \"positive\"}").post("/feedback")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("store_unavailable"))
                .body("error.message", not(containsString("127.0.0.1")));
    }

    @Test
    void the503MatchesTheOpenApiContract() {
        OpenApiContract.served().assertAnswer("POST", "/feedback", given().contentType(ContentType.JSON)
                .body("{\"text\": \"床很舒服\", \"label\": \"positive\"}").post("/feedback"));
    }

    @Test
    void classifyIsUnaffected() {
        given().contentType(ContentType.JSON).body("{\"texts\": [\"床很舒服\"]}").post("/classify").then().statusCode(200);
    }
}
