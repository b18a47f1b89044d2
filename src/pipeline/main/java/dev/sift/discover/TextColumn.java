package dev.sift.discover;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sift.pipeline.LabeledCsv;

/**
 * One text column of a CSV file (header row, RFC 4180, UTF-8 with or without BOM), ready to
 * embed: blank rows are skipped and counted, a text that occurs again is kept once and its later
 * rows point at the first.
 *
 * @param texts      the distinct non-blank texts, in order of first appearance
 * @param rowText    for each data row (1-based row r at index r - 1): its index in {@code texts}, or -1 if blank
 * @param blankRows  rows whose text is empty or white space
 * @param duplicateRows rows whose text appeared on an earlier row
 */
public record TextColumn(Path file, String column, List<String> texts, int[] rowText, int blankRows,
        int duplicateRows, List<String> otherColumnValues) {

    /** Reads {@code column}; {@code alsoColumn} (may be null) is kept per distinct text, e.g. known labels to compare with. */
    public static TextColumn read(Path file, String column, String alsoColumn) {
        List<List<String>> records = records(file);
        if (records.isEmpty() || records.size() == 1 && records.get(0).size() == 1 && records.get(0).get(0).isEmpty()) {
            throw new BadInputException(file + " is empty: expected a header row naming the columns, then one text per row");
        }
        List<String> header = records.get(0);
        int index = header.indexOf(column);
        if (index < 0) {
            throw new BadInputException(file + ": no column '" + column + "' in the header " + header
                    + " (choose one with COLUMN=... / --column)");
        }
        int also = alsoColumn == null ? -1 : header.indexOf(alsoColumn);
        if (alsoColumn != null && also < 0) {
            throw new BadInputException(file + ": no column '" + alsoColumn + "' in the header " + header);
        }
        int rows = records.size() - 1;
        if (rows > 0 && records.get(rows).size() == 1 && records.get(rows).get(0).isEmpty() && header.size() > 1) {
            rows--; // a trailing empty line is not a row
        }
        if (rows == 0) {
            throw new BadInputException(file + " has a header " + header + " but no rows");
        }
        List<String> texts = new ArrayList<>();
        List<String> others = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int[] rowText = new int[rows];
        int blank = 0;
        int duplicates = 0;
        for (int r = 1; r <= rows; r++) {
            List<String> record = records.get(r);
            String text = index < record.size() ? record.get(index) : "";
            if (text.isBlank()) {
                rowText[r - 1] = -1;
                blank++;
                continue;
            }
            Integer first = seen.putIfAbsent(text, texts.size());
            if (first != null) {
                rowText[r - 1] = first;
                duplicates++;
                continue;
            }
            rowText[r - 1] = texts.size();
            texts.add(text);
            if (also >= 0) {
                if (also >= record.size()) {
                    throw new BadInputException(file + ": row " + r + " has no field '" + alsoColumn + "'");
                }
                others.add(record.get(also));
            }
        }
        if (texts.isEmpty()) {
            throw new BadInputException(file + ": all " + rows + " rows of column '" + column + "' are blank");
        }
        return new TextColumn(file, column, List.copyOf(texts), rowText, blank, duplicates, List.copyOf(others));
    }

    public int rows() {
        return rowText.length;
    }

    /** The file's records, or a message naming the line of the first byte that is not UTF-8. */
    static List<List<String>> records(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + " does not exist");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
        checkUtf8(file, bytes);
        try {
            return LabeledCsv.records(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void checkUtf8(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            decoder.decode(in);
        } catch (CharacterCodingException e) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset && i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new BadInputException(file + ": line " + line + " (byte " + offset + ") is not UTF-8 ("
                    + String.format("0x%02X", bytes[Math.min(offset, bytes.length - 1)] & 0xFF)
                    + "); save the file as UTF-8, e.g. iconv -f GB18030 -t UTF-8");
        }
    }
}
