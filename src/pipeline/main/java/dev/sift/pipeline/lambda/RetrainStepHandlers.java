package dev.sift.pipeline.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.pipeline.RetrainSteps;

/**
 * The retrain state machine's Java steps (infra's TrainingStack), one handler method per step of
 * {@code dist/sift-pipeline-lambda.zip}:
 * {@code dev.sift.pipeline.lambda.RetrainStepHandlers::prepareTrainingSet | evaluateChallenger | promoteChallenger}.
 *
 * <p>Plain stream handlers on the managed Java runtime, no framework: these functions run a few
 * times a week, load no serving model and open no feedback store at init, so there is nothing for
 * Quarkus to start. The runtime interface client calls a public method taking the event and the
 * response streams, on an instance made with the public no-argument constructor.
 *
 * <p>A failure is a function error on purpose: Step Functions then fails the execution with the
 * message, and nothing is promoted. The work is {@link RetrainSteps}; settings ({@code SiftConfig},
 * which infra sets as SIFT_PIPELINE_* environment variables) are read per call after the event is
 * checked, so a bad event is reported as such, not as a missing setting.
 */
public class RetrainStepHandlers {
    private static final ObjectMapper JSON = new ObjectMapper();

    public void prepareTrainingSet(InputStream event, OutputStream answer) throws IOException {
        JsonNode input = LambdaEvents.readObject(event);
        String execution = text(input, "execution");
        write(answer, steps().prepare(execution));
    }

    public void evaluateChallenger(InputStream event, OutputStream answer) throws IOException {
        JsonNode input = LambdaEvents.readObject(event);
        String execution = text(input, "execution");
        String modelArtifacts = text(input, "modelArtifacts");
        write(answer, steps().evaluate(execution, modelArtifacts));
    }

    public void promoteChallenger(InputStream event, OutputStream answer) throws IOException {
        JsonNode input = LambdaEvents.readObject(event);
        JsonNode challenger = input.path("challenger");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = input.path("details").isObject()
                ? JSON.convertValue(input.get("details"), Map.class) : Map.of();
        String execution = text(input, "execution");
        String name = text(challenger, "name");
        String version = text(challenger, "version");
        write(answer, steps().promote(execution, name, version, details));
    }

    private static RetrainSteps steps() {
        return new RetrainSteps(RetrainSteps.fromConfiguration());
    }

    private static void write(OutputStream answer, Map<String, Object> result) throws IOException {
        JSON.writeValue(answer, result);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
        }
        return value.asText();
    }
}
