package dev.sift.backlog;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The two input formats of a backlog: CSV with a header row, or JSON lines (one object per line).
 * The file name says which; its first line must agree, so that a JSON-lines file saved as
 * {@code .csv} (or the reverse) is refused with the reason instead of read as one column of
 * garbage or a million {@code malformed_json} rows.
 */
public enum InputFormat {
    CSV, JSONL;

    private static final long SNIFF_LIMIT = 1 << 20;

    /** The format of {@code in}, checked against its first non-blank line. */
    public static InputFormat of(Path in) throws IOException {
        if (!Files.exists(in)) {
            throw new NoSuchFileException(in.toString(), null, "no such input file");
        }
        if (Files.isDirectory(in)) {
            throw new IllegalArgumentException(in + " is a directory; give one .csv or .jsonl file");
        }
        String start = startOfContent(in);
        if (start.isEmpty()) {
            throw new IllegalArgumentException(in + " is empty: there are no rows to classify");
        }
        boolean looksJson = start.startsWith("{");
        String name = in.getFileName().toString().toLowerCase(Locale.ROOT);
        InputFormat named = name.endsWith(".csv") ? CSV
                : name.endsWith(".jsonl") || name.endsWith(".ndjson") ? JSONL : null;
        if (named == CSV && looksJson) {
            throw new IllegalArgumentException(in + " is named .csv but its first line starts with '{': it looks like "
                    + "JSON lines. Rename it .jsonl, or fix its content");
        }
        if (named == JSONL && !looksJson) {
            throw new IllegalArgumentException(in + " is named ." + name.substring(name.lastIndexOf('.') + 1)
                    + " but its first line is not a JSON object (it starts with '" + start
                    + "'): it looks like CSV. Rename it .csv, or fix its content");
        }
        return named != null ? named : looksJson ? JSONL : CSV;
    }

    /** The extension an input of this format carries, for messages. */
    public String extension() {
        return this == CSV ? ".csv" : ".jsonl";
    }

    /**
     * Up to 20 characters from the first one that is neither white space nor a byte-order mark,
     * reading a bounded amount, so a one-line gigabyte does not have to fit in memory; empty when
     * the file holds nothing else.
     */
    private static String startOfContent(Path in) throws IOException {
        try (InputStreamReader reader = new InputStreamReader(Files.newInputStream(in), StandardCharsets.UTF_8)) {
            StringBuilder start = new StringBuilder();
            char[] buffer = new char[8192];
            long scanned = 0;
            int n;
            while (start.length() < 20 && scanned < SNIFF_LIMIT && (n = reader.read(buffer)) > 0) {
                for (int i = 0; i < n && start.length() < 20; i++) {
                    char c = buffer[i];
                    if (!start.isEmpty() && (c == '\n' || c == '\r')) {
                        return start.toString();
                    }
                    if (!start.isEmpty() || !(Character.isWhitespace(c) || c == '\uFEFF')) {
                        start.append(c);
                    }
                }
                scanned += n;
            }
            return start.toString();
        }
    }
}
