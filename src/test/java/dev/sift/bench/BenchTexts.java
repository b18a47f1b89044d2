package dev.sift.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Texts for benchmarks: the htl test split when ../shared is present, generated review-like text otherwise. */
final class BenchTexts {
    static final Path HTL_TEST = Path.of("..", "shared", "data", "htl", "test.csv");
    /** A 30-character hotel review, the batch-1 latency probe. */
    static final String REVIEW_30 = "房间很干净，服务也热情，就是早餐品种少了点，总体满意。";

    private BenchTexts() {
    }

    static List<String> htlTestOrGenerated(int count) {
        if (Files.exists(HTL_TEST)) {
            List<String> texts = new ArrayList<>();
            for (String[] row : readLabelTextCsv(HTL_TEST)) {
                texts.add(row[1]);
                if (texts.size() == count) {
                    break;
                }
            }
            return texts;
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(REVIEW_30.repeat(1 + i % 4) + " 房号" + (8000 + i));
        }
        return texts;
    }

    /** Minimal RFC 4180 reader for the canonical label,text files (quoted fields, "" escapes, embedded newlines). */
    static List<String[]> readLabelTextCsv(Path csv) {
        String data;
        try {
            data = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String[]> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
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
                rows.add(fields.toArray(new String[0]));
                fields.clear();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            rows.add(fields.toArray(new String[0]));
        }
        return rows.subList(1, rows.size()); // header
    }
}
