package dev.sift.pipeline.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The retrain steps' handlers as the runtime calls them (stream in, stream out). Their S3 work is
 * tested in RetrainStepsTest on s3mock; here, that a failure is an exception with its reason, which
 * the runtime reports as a function error and which makes Step Functions stop the execution.
 * PipelineZipIT runs the same handlers from the built zip through the runtime interface client.
 */
class RetrainStepHandlersTest {
    private final RetrainStepHandlers handlers = new RetrainStepHandlers();
    private final ByteArrayOutputStream answer = new ByteArrayOutputStream();

    @Test
    void aMalformedEventIsAnErrorNamingTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> handlers.promoteChallenger(
                event("{\"execution\": \"run-1\", \"challenger\": {\"name\": \"review-sentiment\"}}"), answer));
        assertEquals("'version' must be a non-empty string", e.getMessage());
        assertEquals(0, answer.size());
    }

    @Test
    void anEventThatIsNotAnObjectIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> handlers.prepareTrainingSet(event("[1, 2]"), answer));
        assertEquals("the event must be a JSON object", e.getMessage());
        var notJson = assertThrows(IllegalArgumentException.class, () -> handlers.evaluateChallenger(event("{oops"), answer));
        assertTrue(notJson.getMessage().startsWith("the event is not JSON"), notJson.getMessage());
    }

    @Test
    void aMissingSettingIsAnErrorNamingIt() {
        var e = assertThrows(IllegalStateException.class, () -> handlers.promoteChallenger(
                event("{\"execution\": \"run-1\", \"challenger\": {\"name\": \"review-sentiment\", \"version\": \"r-run-1\"}}"), answer));
        assertTrue(e.getMessage().contains("SIFT_PIPELINE_MODEL_REGISTRY is not set (sift.pipeline.model-registry)"), e.getMessage());
    }

    private static ByteArrayInputStream event(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
