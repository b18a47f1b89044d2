package dev.sift.functions;

import static dev.sift.functions.DirectInvocation.invoke;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The direct zip deployed as the retrain pipeline's promote step (QUARKUS_FUNQY_EXPORT=promoteChallenger).
 * Its S3 work is tested in the default build (RetrainStepsTest, on s3mock); here, that a failure is a
 * function error with its reason, which is what makes Step Functions stop the execution.
 */
@QuarkusTest
@TestProfile(PipelineDirectTest.ExportPromote.class)
class PipelineDirectTest {
    public static class ExportPromote implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return DirectInvocation.export("promoteChallenger");
        }
    }

    @Test
    void aMalformedEventIsAFunctionErrorNamingTheField() {
        invoke("{\"execution\": \"run-1\", \"challenger\": {\"name\": \"htl-sentiment\"}}").then().statusCode(500)
                .body("errorMessage", containsString("'version' must be a non-empty string"));
    }

    @Test
    void aMissingSettingIsAFunctionErrorNamingIt() {
        invoke("{\"execution\": \"run-1\", \"challenger\": {\"name\": \"htl-sentiment\", \"version\": \"r-run-1\"}}")
                .then().statusCode(500)
                .body("errorMessage", containsString("SIFT_MODEL_REGISTRY is not set"));
    }
}
