package dev.sift.backlog;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongSupplier;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import dev.sift.batch.BatchRow;
import dev.sift.batch.RowRules;

/**
 * A CSV backlog: RFC 4180 (Apache Commons CSV, streaming), a header row naming the columns, rows
 * numbered from 1 after it. A blank line is a row (reported blank, so the row numbers after it
 * stay those a spreadsheet shows minus the header).
 */
final class CsvRows implements RowSource {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final LongSupplier bytesRead;
    private final String name;
    private final String column;
    private final int textIndex;
    private final int idIndex;
    private final RowRules rules;
    private long row;

    CsvRows(String name, Reader reader, LongSupplier bytesRead, String column, String idColumn, RowRules rules)
            throws IOException {
        this.parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        this.records = parser.iterator();
        this.bytesRead = bytesRead;
        this.name = name;
        this.column = column;
        this.rules = rules;
        if (!records.hasNext()) {
            throw new IllegalArgumentException(name + " is empty: no header row");
        }
        List<String> header = new ArrayList<>(records.next().toList());
        header.set(0, header.get(0).replace("\uFEFF", ""));
        this.textIndex = header.indexOf(column);
        this.idIndex = idColumn == null ? -1 : header.indexOf(idColumn);
        if (textIndex < 0) {
            throw new IllegalArgumentException("column '" + column + "' is not in the header of " + name + ": " + header
                    + "; name the text column with COLUMN=… (--column)");
        }
    }

    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            throw unreadable(e);
        }
    }

    @Override
    public BatchRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CSVRecord record;
        try {
            record = records.next();
        } catch (UncheckedIOException e) {
            throw unreadable(e);
        }
        row++;
        String id = idIndex >= 0 && record.size() > idIndex && !record.get(idIndex).isEmpty() ? record.get(idIndex) : null;
        boolean blankLine = record.size() == 1 && record.get(0).isEmpty();
        String text = blankLine ? "" : record.size() > textIndex ? record.get(textIndex) : null;
        return rules.check(row, id, column, text);
    }

    /** A quoting error ends the job: past it, no row boundary can be trusted. */
    private UncheckedIOException unreadable(UncheckedIOException e) {
        return new UncheckedIOException(name + ": cannot read CSV after row " + row + ": " + e.getCause().getMessage(),
                e.getCause());
    }

    @Override
    public long bytesRead() {
        return bytesRead.getAsLong();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
