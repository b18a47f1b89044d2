package dev.sift.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a labelled CSV ({@code label,text} by default): UTF-8 with or without a byte-order mark,
 * RFC 4180 quoting (quoted fields, doubled quotes, newlines inside quotes), a header row naming
 * the columns; and writes one ({@code label,text}, UTF-8 without BOM, CRLF, quoted where needed).
 * Hand-written because it is forty lines and the serving image should not carry a CSV library for it.
 */
public final class LabeledCsv {
    public record Row(String label, String text) {
    }

    private LabeledCsv() {
    }

    public static List<Row> read(Path csv, String labelColumn, String textColumn) throws IOException {
        List<List<String>> records = records(csv);
        if (records.isEmpty()) {
            throw new IOException(csv + " is empty");
        }
        List<String> header = records.get(0);
        int label = header.indexOf(labelColumn);
        int text = header.indexOf(textColumn);
        if (label < 0 || text < 0) {
            throw new IOException(csv + ": header " + header + " lacks column '" + (label < 0 ? labelColumn : textColumn) + "'");
        }
        List<Row> rows = new ArrayList<>(records.size() - 1);
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            if (record.size() <= Math.max(label, text)) {
                throw new IOException(csv + ": record " + i + " has " + record.size() + " fields, expected "
                        + header.size());
            }
            rows.add(new Row(record.get(label), record.get(text)));
        }
        return rows;
    }

    /** Every record of the file, the header first, without the byte-order mark. */
    public static List<List<String>> records(Path csv) throws IOException {
        String data = Files.readString(csv, StandardCharsets.UTF_8);
        if (data.startsWith("\uFEFF")) {
            data = data.substring(1);
        }
        return parse(data);
    }

    /** Writes {@code label,text} rows. */
    public static void write(Path csv, List<Row> rows) throws IOException {
        StringBuilder out = new StringBuilder("label,text\r\n");
        for (Row row : rows) {
            out.append(quoted(row.label())).append(',').append(quoted(row.text())).append("\r\n");
        }
        Files.writeString(csv, out, StandardCharsets.UTF_8);
    }

    private static String quoted(String field) {
        if (field.indexOf('"') < 0 && field.indexOf(',') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    static List<List<String>> parse(String data) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"' && i + 1 < data.length() && data.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
            }
        }
        if (any) {
            fields.add(field.toString());
            records.add(fields);
        }
        return records;
    }
}
