package dev.sift.functions;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.funqy.Funq;

import dev.sift.pipeline.RetrainSteps;

/**
 * The retrain state machine's Java steps (infra's TrainingStack), exported from the direct zip
 * only: {@code QUARKUS_FUNQY_EXPORT=prepareTrainingSet | evaluateChallenger | promoteChallenger}.
 * Unlike the serving functions, a failure here is a function error on purpose: Step Functions
 * then fails the execution with the message, and nothing is promoted. The work is
 * {@link RetrainSteps}; settings come from infra's environment variables.
 */
public class PipelineFunctions {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Funq("prepareTrainingSet")
    public Map<String, Object> prepareTrainingSet(JsonNode input) throws IOException {
        String execution = text(input, "execution");
        return steps().prepare(execution);
    }

    @Funq("evaluateChallenger")
    public Map<String, Object> evaluateChallenger(JsonNode input) throws IOException {
        String execution = text(input, "execution");
        String modelArtifacts = text(input, "modelArtifacts");
        return steps().evaluate(execution, modelArtifacts);
    }

    @Funq("promoteChallenger")
    public Map<String, Object> promoteChallenger(JsonNode input) throws IOException {
        JsonNode challenger = input == null ? null : input.path("challenger");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = input != null && input.path("details").isObject()
                ? JSON.convertValue(input.get("details"), Map.class) : Map.of();
        String execution = text(input, "execution");
        String name = text(challenger, "name");
        String version = text(challenger, "version");
        return steps().promote(execution, name, version, details);
    }

    /** Read per call, after the input is checked, so a bad event is reported as such, not as a setting. */
    private static RetrainSteps steps() {
        return new RetrainSteps(RetrainSteps.fromEnvironment());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
        }
        return value.asText();
    }
}
