package dev.sift.functions;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.feedback.FeedbackIds;
import dev.sift.feedback.FeedbackSubmission;

/**
 * Reads and validates the JSON body of {@code feedback}, with the same rules and error shape as
 * {@link TextsRequestReader}: every problem names its field, nothing is coerced.
 */
final class FeedbackRequestReader {
    static final Set<String> FIELDS = Set.of("id", "text", "label", "predicted", "score", "modelVersion", "source",
            "metadata");
    /** Longest label, predicted label, model version or source: names, not text. */
    static final int MAX_NAME_CHARS = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedbackRequestReader() {
    }

    /**
     * {@code labels}: the serving model's labels, which {@code label} must be one of unless new labels are allowed.
     * For a multi-label model ({@code multiLabel}) {@code label} is the text's whole label set, separated by
     * {@code |} as in training data ({@code 书籍|positive}), so a correction becomes a training row as it is.
     */
    static FeedbackSubmission read(JsonNode body, FeedbackRules rules, List<String> labels, boolean multiLabel) {
        TextsRequestReader.requireObject(body, FIELDS);
        String id = optionalString(body, "id", FeedbackIds.MAX_LENGTH);
        if (id != null && !FeedbackIds.isValidClientId(id)) {
            throw new InvalidRequestException("invalid_id", "id", "'id' must be 1 to " + FeedbackIds.MAX_LENGTH
                    + " characters of A-Z a-z 0-9 . _ : - starting with a letter or digit");
        }
        String text = text(body, rules.maxTextChars());
        String label = optionalString(body, "label", MAX_NAME_CHARS);
        if (label == null) {
            throw new InvalidRequestException("missing_field", "label", "'label' is required: the correct label");
        }
        if (multiLabel) {
            checkLabelSet(label, rules, labels);
        } else if (!rules.allowNewLabels() && !labels.contains(label)) {
            throw new InvalidRequestException("unknown_label", "label", "'label' must be one of " + labels
                    + " (the serving model's labels), got '" + label + "'");
        }
        return new FeedbackSubmission(id, text, label, optionalString(body, "predicted", MAX_NAME_CHARS), score(body),
                optionalString(body, "modelVersion", MAX_NAME_CHARS), optionalString(body, "source", MAX_NAME_CHARS),
                metadata(body, rules));
    }

    private static void checkLabelSet(String label, FeedbackRules rules, List<String> labels) {
        Set<String> seen = new java.util.HashSet<>();
        for (String part : label.split("\\|", -1)) {
            if (part.isBlank()) {
                throw new InvalidRequestException("invalid_value", "label", "'label' of a multi-label model lists "
                        + "labels separated by '|' (e.g. '" + String.join("|", labels.subList(0, 2))
                        + "'); it has an empty one: '" + label + "'");
            }
            if (!seen.add(part)) {
                throw new InvalidRequestException("invalid_value", "label", "'label' names '" + part + "' twice");
            }
            if (!rules.allowNewLabels() && !labels.contains(part)) {
                throw new InvalidRequestException("unknown_label", "label", "every label in 'label' must be one of "
                        + labels + " (the serving model's labels), got '" + part + "'");
            }
        }
    }

    private static String text(JsonNode body, int maxChars) {
        JsonNode node = body.get("text");
        if (node == null || node.isNull()) {
            throw new InvalidRequestException("missing_field", "text", "'text' is required: the text that was classified");
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException("invalid_type", "text", "'text' must be a string, got "
                    + TextsRequestReader.typeOf(node));
        }
        String text = node.asText();
        if (text.isBlank()) {
            throw new InvalidRequestException("blank_text", "text", "'text' is blank");
        }
        if (text.length() > maxChars) {
            throw new InvalidRequestException("text_too_long", "text", "'text' has " + text.length()
                    + " characters; the limit is " + maxChars);
        }
        return text;
    }

    /** A string field that is absent or null (→ null), or non-blank and at most {@code maxChars}. */
    private static String optionalString(JsonNode body, String field, int maxChars) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException("invalid_type", field, "'" + field + "' must be a string, got "
                    + TextsRequestReader.typeOf(node));
        }
        String value = node.asText();
        if (value.isBlank()) {
            throw new InvalidRequestException("invalid_value", field, "'" + field + "' is blank");
        }
        if (value.length() > maxChars) {
            throw new InvalidRequestException("invalid_value", field, "'" + field + "' has " + value.length()
                    + " characters; the limit is " + maxChars);
        }
        return value;
    }

    private static Double score(JsonNode body) {
        JsonNode node = body.get("score");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new InvalidRequestException("invalid_type", "score", "'score' must be a number, got "
                    + TextsRequestReader.typeOf(node));
        }
        double score = node.doubleValue();
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new InvalidRequestException("out_of_range", "score", "'score' must be between 0 and 1, got "
                    + node.asText());
        }
        return score;
    }

    /** A flat object of strings, numbers, booleans and nulls, within the key and size limits. */
    private static Map<String, Object> metadata(JsonNode body, FeedbackRules rules) {
        JsonNode node = body.get("metadata");
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("invalid_type", "metadata", "'metadata' must be an object, got "
                    + TextsRequestReader.typeOf(node));
        }
        if (node.size() > rules.maxMetadataKeys()) {
            throw new InvalidRequestException("metadata_too_large", "metadata", "'metadata' has " + node.size()
                    + " keys; the limit is " + rules.maxMetadataKeys());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            String name = "metadata." + field.getKey();
            if (value.isTextual()) {
                metadata.put(field.getKey(), value.asText());
            } else if (value.isNumber()) {
                metadata.put(field.getKey(), value.numberValue());
            } else if (value.isBoolean()) {
                metadata.put(field.getKey(), value.booleanValue());
            } else if (value.isNull()) {
                metadata.put(field.getKey(), null);
            } else {
                throw new InvalidRequestException("invalid_type", name, "'" + name
                        + "' must be a string, number, boolean or null (metadata is flat), got "
                        + TextsRequestReader.typeOf(value));
            }
        }
        int bytes = compactJsonBytes(node);
        if (bytes > rules.maxMetadataBytes()) {
            throw new InvalidRequestException("metadata_too_large", "metadata", "'metadata' is " + bytes
                    + " bytes as JSON; the limit is " + rules.maxMetadataBytes());
        }
        return metadata;
    }

    private static int compactJsonBytes(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serializes", e);
        }
    }
}
