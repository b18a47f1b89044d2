package dev.sift.predictions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A batch of the prediction log as JSON lines, one {@link PredictionRecord} per line. Built and
 * read as trees, field by field, so native images need no reflection configuration and a reader
 * names the field that is wrong.
 */
public final class PredictionJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictionJson() {
    }

    public static byte[] lines(List<PredictionRecord> records) {
        StringBuilder out = new StringBuilder(records.size() * 400);
        for (PredictionRecord r : records) {
            out.append(tree(r)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode tree(PredictionRecord r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("time", r.time().toString());
        node.put("function", r.function());
        node.put("model", r.model());
        node.put("version", r.version());
        if (r.label() == null) {
            node.putNull("label");
        } else {
            node.put("label", r.label());
        }
        node.put("abstained", r.abstained());
        if (r.labels() != null) {
            ArrayNode labels = node.putArray("labels");
            r.labels().forEach(labels::add);
        }
        ObjectNode scores = node.putObject("scores");
        r.scores().forEach(scores::put);
        node.put("chars", r.chars());
        node.put("tokens", r.tokens());
        node.put("unknownRate", r.unknownRate());
        ArrayNode sketch = node.putArray("sketch");
        for (float v : r.sketch()) {
            sketch.add(Math.round(v * 1e4) / 1e4); // four decimals: the sketch is a summary, not a measurement
        }
        if (r.text() != null) {
            node.put("text", r.text());
            ArrayNode redacted = node.putArray("redacted");
            r.redacted().forEach(redacted::add);
        }
        return node;
    }

    /**
     * One line back into a record.
     *
     * @throws IllegalArgumentException naming the field, when the line is not a prediction record
     */
    public static PredictionRecord read(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Instant time;
        try {
            time = Instant.parse(text(node, "time"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'time' is not an ISO-8601 instant");
        }
        JsonNode scoresNode = node.path("scores");
        if (!scoresNode.isObject() || scoresNode.isEmpty()) {
            throw new IllegalArgumentException("'scores' must be a non-empty object");
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scoresNode.fields().forEachRemaining(e -> {
            if (!e.getValue().isNumber()) {
                throw new IllegalArgumentException("'scores." + e.getKey() + "' is not a number");
            }
            scores.put(e.getKey(), e.getValue().asDouble());
        });
        JsonNode sketchNode = node.path("sketch");
        if (!sketchNode.isArray()) {
            throw new IllegalArgumentException("'sketch' must be an array of numbers");
        }
        float[] sketch = new float[sketchNode.size()];
        for (int i = 0; i < sketch.length; i++) {
            sketch[i] = (float) sketchNode.get(i).asDouble();
        }
        JsonNode label = node.path("label");
        return new PredictionRecord(time, text(node, "function"), text(node, "model"), text(node, "version"),
                label.isTextual() ? label.asText() : null, node.path("abstained").asBoolean(),
                strings(node.path("labels")), scores, number(node, "chars").intValue(), number(node, "tokens").intValue(),
                number(node, "unknownRate").doubleValue(), sketch,
                node.path("text").isTextual() ? node.path("text").asText() : null, strings(node.path("redacted")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return value.asText();
    }

    private static Number number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number");
        }
        return value.numberValue();
    }

    private static List<String> strings(JsonNode node) {
        if (!node.isArray()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        node.forEach(n -> list.add(n.asText()));
        return list;
    }
}
