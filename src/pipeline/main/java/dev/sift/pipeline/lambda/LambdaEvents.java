package dev.sift.pipeline.lambda;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The pipeline zip's events: a JSON object each, or an error saying what it is instead. */
final class LambdaEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaEvents() {
    }

    static JsonNode readObject(InputStream event) throws IOException {
        JsonNode input;
        try {
            input = JSON.readTree(event);
        } catch (IOException e) {
            throw new IllegalArgumentException("the event is not JSON: " + e.getMessage(), e);
        }
        if (input == null || !input.isObject()) {
            throw new IllegalArgumentException("the event must be a JSON object");
        }
        return input;
    }
}
