package dev.sift.batch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one input row into a {@link TextRow} or a {@link RowError}, with the rules and codes the
 * {@code classify} function applies to each text of a request, so a text refused over HTTP is
 * refused in a batch with the same code, and one accepted there is accepted here.
 */
public final class RowRules {
    /** What a decoder that replaces undecodable bytes leaves in their place. */
    private static final char REPLACEMENT = '\uFFFD';

    private final int maxTextChars;

    public RowRules(int maxTextChars) {
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("maxTextChars must be at least 1, got " + maxTextChars);
        }
        this.maxTextChars = maxTextChars;
    }

    public int maxTextChars() {
        return maxTextChars;
    }

    /**
     * A row's text as read; {@code text} null means the row lacks the column.
     *
     * <p>Inputs are decoded with malformed bytes replaced by U+FFFD (one bad row must not stop a
     * million-row job), so a text holding U+FFFD is reported as undecodable rather than classified
     * as garbage; a text that genuinely contains U+FFFD is rare enough to be refused with it.
     */
    public BatchRow check(long row, String id, String column, String text) {
        if (text == null) {
            return new RowError(row, id, "missing_field", "row " + row + " has no '" + column + "' field");
        }
        if (text.indexOf(REPLACEMENT) >= 0) {
            return new RowError(row, id, "invalid_encoding", "row " + row + " is not valid UTF-8 (its '" + column
                    + "' holds undecodable bytes, shown as U+FFFD)");
        }
        if (text.isBlank()) {
            return new RowError(row, id, "blank_text", "row " + row + ": '" + column + "' is blank; nothing to classify");
        }
        if (text.length() > maxTextChars) {
            return new RowError(row, id, "text_too_long", "row " + row + ": '" + column + "' has " + text.length()
                    + " characters; the limit is " + maxTextChars);
        }
        return new TextRow(row, id, text);
    }

    /**
     * A row given as a JSON object (a JSON-lines input line, a Distributed Map item): its text is
     * the string field {@code column}, its id the field {@code idColumn} when that is a string or
     * a number.
     */
    public BatchRow checkJson(long row, JsonNode item, String column, String idColumn) {
        if (item == null || !item.isObject()) {
            return new RowError(row, null, "invalid_type", "row " + row + " must be a JSON object, got "
                    + (item == null ? "nothing" : item.getNodeType().name().toLowerCase()));
        }
        String id = idOf(item.get(idColumn));
        JsonNode text = item.get(column);
        if (text != null && !text.isNull() && !text.isTextual()) {
            return new RowError(row, id, "invalid_type", "row " + row + ": '" + column + "' must be a string, got "
                    + text.getNodeType().name().toLowerCase());
        }
        return check(row, id, column, text == null || text.isNull() ? null : text.textValue());
    }

    private static String idOf(JsonNode id) {
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id.asText() : null;
    }
}
