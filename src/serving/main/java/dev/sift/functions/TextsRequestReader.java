package dev.sift.functions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads and validates the JSON body of {@code classify} and {@code preprocess}. The body arrives as
 * a JSON tree, not a bound POJO, so that every problem is reported with the exact field
 * ({@code texts[3]}) and nothing is silently coerced (Jackson would turn {@code 42} into {@code "42"}).
 */
final class TextsRequestReader {
    private TextsRequestReader() {
    }

    static List<String> texts(JsonNode body, RequestLimits limits) {
        JsonNode texts = body.get("texts");
        if (texts == null || texts.isNull()) {
            throw new InvalidRequestException("missing_field", "texts", "'texts' is required: an array of strings");
        }
        if (!texts.isArray()) {
            throw new InvalidRequestException("invalid_type", "texts",
                    "'texts' must be an array of strings, got " + typeOf(texts));
        }
        if (texts.isEmpty()) {
            throw new InvalidRequestException("empty_texts", "texts", "'texts' must contain at least one text");
        }
        if (texts.size() > limits.maxTexts()) {
            throw new InvalidRequestException("too_many_texts", "texts", "'texts' has " + texts.size()
                    + " items; the limit is " + limits.maxTexts() + " per request");
        }
        List<String> result = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            JsonNode item = texts.get(i);
            String field = "texts[" + i + "]";
            if (!item.isTextual()) {
                throw new InvalidRequestException("invalid_type", field, field + " must be a string, got " + typeOf(item));
            }
            String text = item.asText();
            if (text.isBlank()) {
                throw new InvalidRequestException("blank_text", field, field + " is blank; send text to classify");
            }
            if (text.length() > limits.maxTextChars()) {
                throw new InvalidRequestException("text_too_long", field, field + " has " + text.length()
                        + " characters; the limit is " + limits.maxTextChars());
            }
            result.add(text);
        }
        return result;
    }

    /** An optional integer field in [min, max], or the default when absent or null. */
    static int optionalInt(JsonNode body, String field, int min, int max, int defaultValue) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidRequestException("invalid_type", field,
                    "'" + field + "' must be an integer, got " + typeOf(node));
        }
        int value = node.intValue();
        if (value < min || value > max) {
            throw new InvalidRequestException("out_of_range", field,
                    "'" + field + "' must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** An optional number in [0, 1], or null when absent or null. */
    static Double optionalProbability(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new InvalidRequestException("invalid_type", field,
                    "'" + field + "' must be a number between 0 and 1, got " + typeOf(node));
        }
        double value = node.doubleValue();
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidRequestException("out_of_range", field,
                    "'" + field + "' must be between 0 and 1, got " + node.asText());
        }
        return value;
    }

    /** An optional boolean field, or the default when absent or null. */
    static boolean optionalBoolean(JsonNode body, String field, boolean defaultValue) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw new InvalidRequestException("invalid_type", field,
                    "'" + field + "' must be a boolean, got " + typeOf(node));
        }
        return node.booleanValue();
    }

    static void requireObject(JsonNode body, Set<String> knownFields) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new InvalidRequestException("missing_body", null, "the request body must be a JSON object");
        }
        if (!body.isObject()) {
            throw new InvalidRequestException("invalid_type", null,
                    "the request body must be a JSON object, got " + typeOf(body));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!knownFields.contains(name)) {
                throw new InvalidRequestException("unknown_field", name,
                        "unknown field '" + name + "'; known fields are " + knownFields);
            }
        }
    }

    static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
