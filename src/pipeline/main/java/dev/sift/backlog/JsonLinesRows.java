package dev.sift.backlog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.batch.BatchRow;
import dev.sift.batch.RowError;
import dev.sift.batch.RowRules;

/**
 * A JSON-lines backlog: one JSON object per line, every line a row (a blank line too, reported
 * blank). A line is read up to a bound a valid row cannot exceed, so one runaway line is a row
 * error ({@code text_too_long}), not an OutOfMemoryError.
 */
final class JsonLinesRows implements RowSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader reader;
    private final LongSupplier bytesRead;
    private final String name;
    private final String column;
    private final String idColumn;
    private final RowRules rules;
    /** Longest line kept: the text limit, with room for escapes (\\uXXXX is 6 characters for 1) and the other fields. */
    private final long maxLineChars;
    private final StringBuilder line = new StringBuilder();
    private boolean lineTooLong;
    private boolean pending;
    private boolean ended;
    private long row;

    JsonLinesRows(String name, Reader reader, LongSupplier bytesRead, String column, String idColumn, RowRules rules) {
        this.reader = new BufferedReader(reader, 1 << 16);
        this.bytesRead = bytesRead;
        this.name = name;
        this.column = column;
        this.idColumn = idColumn;
        this.rules = rules;
        this.maxLineChars = 6L * rules.maxTextChars() + 65_536;
        requireColumnInFirstRow();
    }

    /**
     * The first line decides whether the column exists at all, before any output is opened: a
     * typo is one message, not a million row errors.
     */
    private void requireColumnInFirstRow() {
        if (!hasNext() || lineTooLong) {
            return;
        }
        JsonNode first;
        try {
            first = JSON.readTree(line.toString());
        } catch (JsonProcessingException e) {
            return; // the row's own error, when it is read
        }
        if (first != null && first.isObject() && !first.has(column)) {
            List<String> fields = new ArrayList<>();
            first.fieldNames().forEachRemaining(fields::add);
            throw new IllegalArgumentException("column '" + column + "' is not a field of row 1 of " + name
                    + ": " + fields + "; name the text field with COLUMN=… (--column)");
        }
    }

    @Override
    public boolean hasNext() {
        if (!pending && !ended) {
            pending = readLine();
            ended = !pending;
        }
        return pending;
    }

    @Override
    public BatchRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        pending = false;
        row++;
        if (lineTooLong) {
            return new RowError(row, null, "text_too_long", "row " + row + ": the line is longer than " + maxLineChars
                    + " characters, more than a text of " + rules.maxTextChars() + " characters can take");
        }
        String text = line.toString().strip();
        if (text.isEmpty()) {
            return rules.check(row, null, column, "");
        }
        JsonNode item;
        try {
            item = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new RowError(row, null, "malformed_json", "row " + row + " is not valid JSON: "
                    + e.getOriginalMessage());
        }
        return rules.checkJson(row, item, column, idColumn);
    }

    /** Reads the next line into {@link #line}; false at the end of the file. */
    private boolean readLine() {
        line.setLength(0);
        lineTooLong = false;
        boolean any = false;
        try {
            int c;
            while ((c = reader.read()) >= 0) {
                any = true;
                if (c == '\n') {
                    return true;
                }
                if (line.length() < maxLineChars) {
                    line.append((char) c);
                } else {
                    lineTooLong = true;
                }
            }
            return any;
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot read after row " + row + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long bytesRead() {
        return bytesRead.getAsLong();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
