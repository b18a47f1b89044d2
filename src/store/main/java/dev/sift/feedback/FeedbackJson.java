package dev.sift.feedback;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stored form of a {@link FeedbackRecord}: one JSON object, fields in a fixed order, every
 * field present (null when absent). Written and read field by field rather than by data binding,
 * so the format is exactly what the README documents and needs no reflection in a native image.
 */
public final class FeedbackJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private FeedbackJson() {
    }

    public static byte[] write(FeedbackRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schemaVersion", record.schemaVersion());
        node.put("id", record.id());
        node.put("text", record.text());
        node.put("label", record.label());
        node.put("predicted", record.predicted());
        node.put("score", record.score());
        node.put("modelVersion", record.modelVersion());
        node.put("source", record.source());
        node.set("metadata", JSON.valueToTree(record.metadata()));
        node.put("receivedAt", record.receivedAt().toString());
        if (record.redacted() == null) {
            node.putNull("redacted");
        } else {
            ArrayNode kinds = node.putArray("redacted");
            record.redacted().forEach(kinds::add);
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers always serializes", e);
        }
    }

    /** Parses a stored record; a file that is not a complete, valid record is an {@link IOException}. */
    public static FeedbackRecord read(byte[] json) throws IOException {
        JsonNode node = JSON.readTree(json);
        if (node == null || !node.isObject()) {
            throw new IOException("not a JSON object");
        }
        int schema = node.path("schemaVersion").asInt(-1);
        if (schema != FeedbackRecord.SCHEMA_VERSION) {
            throw new IOException("unsupported schemaVersion " + node.get("schemaVersion"));
        }
        Instant receivedAt;
        try {
            receivedAt = Instant.parse(required(node, "receivedAt"));
        } catch (DateTimeParseException e) {
            throw new IOException("receivedAt is not an ISO-8601 instant: " + node.get("receivedAt"));
        }
        JsonNode score = node.get("score");
        return new FeedbackRecord(schema, required(node, "id"), required(node, "text"), required(node, "label"),
                optional(node, "predicted"), score == null || score.isNull() ? null : score.asDouble(),
                optional(node, "modelVersion"), optional(node, "source"), metadata(node.get("metadata")),
                receivedAt, redacted(node.get("redacted")));
    }

    private static String required(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("'" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, Object> metadata(JsonNode node) throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw new IOException("'metadata' is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            metadata.put(field.getKey(), JSON.treeToValue(field.getValue(), Object.class));
        }
        return metadata;
    }

    private static List<String> redacted(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> kinds = new ArrayList<>();
        node.forEach(kind -> kinds.add(kind.asText()));
        return kinds;
    }
}
