package dev.sift.pipeline;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a labelled CSV ({@code label,text} by default, other column names on request): UTF-8 with
 * or without a byte-order mark, RFC 4180 quoting (quoted fields, doubled quotes, newlines inside
 * quotes), a header row naming the columns; and writes one ({@code label,text}, UTF-8 without BOM,
 * CRLF, quoted where needed).
 *
 * <p>Apache Commons CSV does the parsing and printing. It replaced a hand-written parser, written
 * to keep a CSV library out of the serving artifact, which the pipeline is leaving (issue 16).
 * This class adds what the library leaves to its caller: the BOM, strict UTF-8, and errors that
 * name the file and the row. Rows are numbered from 1 and the header is row 1, as a spreadsheet shows them; a row with a
 * newline inside quotes is still one row.
 */
public final class LabeledCsv {
    /** The columns a data set has unless told otherwise (htl, shopping10, what {@link #write} writes). */
    public static final String LABEL_COLUMN = "label";
    public static final String TEXT_COLUMN = "text";

    public record Row(String label, String text) {
    }

    /**
     * RFC 4180, with blank lines kept as records: {@link PrepareTrainingSet} counts them as skipped,
     * and skipping them here would shift every row number after them.
     */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    private LabeledCsv() {
    }

    /** The {@link #LABEL_COLUMN} and {@link #TEXT_COLUMN} of every row. */
    public static List<Row> read(Path csv) throws IOException {
        return read(csv, LABEL_COLUMN, TEXT_COLUMN);
    }

    /** The named text column of every row, as rows with an empty label: unlabeled text (make pretrain). */
    public static List<Row> readTexts(Path csv, String textColumn) throws IOException {
        return read(csv, null, textColumn);
    }

    /**
     * The two named columns of every row ({@code labelColumn} null: no label, each row's label is
     * empty); a row without them is an error naming its number.
     */
    public static List<Row> read(Path csv, String labelColumn, String textColumn) throws IOException {
        List<List<String>> records = records(csv);
        if (records.isEmpty()) {
            throw new IOException(csv + " is empty: no header row");
        }
        List<String> header = records.get(0);
        int label = labelColumn == null ? -1 : header.indexOf(labelColumn);
        int text = header.indexOf(textColumn);
        boolean labelMissing = labelColumn != null && label < 0;
        if (labelMissing || text < 0) {
            throw new IOException(csv + " row 1: header " + header + " lacks column '"
                    + (labelMissing ? labelColumn : textColumn) + "'");
        }
        List<Row> rows = new ArrayList<>(records.size() - 1);
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            if (record.size() <= Math.max(label, text)) {
                throw new IOException(csv + " row " + (i + 1) + ": " + record.size() + " field(s), but the header has "
                        + header.size() + " and '" + (record.size() <= label ? labelColumn : textColumn)
                        + "' is field " + (Math.max(label, text) + 1));
            }
            rows.add(new Row(label < 0 ? "" : record.get(label), record.get(text)));
        }
        return rows;
    }

    /** Every row of the file, the header first (so row {@code n} is element {@code n - 1}), without the BOM. */
    public static List<List<String>> records(Path csv) throws IOException {
        String data = utf8(csv);
        List<List<String>> records = new ArrayList<>();
        try (CSVParser parser = FORMAT.parse(new StringReader(data))) {
            Iterator<CSVRecord> parsed = parser.iterator();
            for (CSVRecord record; (record = next(parsed, csv, records.size() + 1)) != null;) {
                records.add(record.toList());
            }
        }
        return records;
    }

    /** The parser's next record, or null; its errors (bad quoting) name the file and the row. */
    private static CSVRecord next(Iterator<CSVRecord> parsed, Path csv, long row) throws IOException {
        try {
            return parsed.hasNext() ? parsed.next() : null;
        } catch (UncheckedIOException e) { // how the parser's iterator reports its IOExceptions
            throw new IOException(csv + " row " + row + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Writes {@code label,text} rows. */
    public static void write(Path csv, List<Row> rows) throws IOException {
        try (CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), FORMAT)) {
            out.printRecord(LABEL_COLUMN, TEXT_COLUMN);
            for (Row row : rows) {
                out.printRecord(row.label(), row.text());
            }
        }
    }

    /**
     * The file as text, without its BOM. Bytes that are not UTF-8 are an error naming the row and
     * the byte offset; Files.readString would say only "Input length = 1", and a lenient decoder
     * would train on U+FFFD.
     */
    private static String utf8(Path csv) throws IOException {
        byte[] bytes = Files.readAllBytes(csv);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        String text = out.flip().toString();
        if (result.isError()) {
            throw new IOException(csv + " row " + rowAtEndOf(text) + ": not UTF-8 (byte 0x"
                    + String.format("%02x", bytes[in.position()]) + " at offset " + in.position() + ")");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The number of the row that {@code prefix}, the start of a file, ends in. */
    private static long rowAtEndOf(String prefix) {
        long row = 0;
        // A character appended so that a prefix ending in a line break still ends in a (new) row.
        try (CSVParser parser = FORMAT.parse(new StringReader(prefix + "x"))) {
            for (Iterator<CSVRecord> parsed = parser.iterator(); parsed.hasNext(); parsed.next()) {
                row++;
            }
        } catch (IOException | UncheckedIOException e) {
            row++; // the prefix ends inside quotes: the row being read when the parser ran out
        }
        return row;
    }
}
