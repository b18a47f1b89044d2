package dev.sift.backlog;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import org.apache.commons.io.input.BoundedInputStream;

import dev.sift.batch.BatchRow;
import dev.sift.batch.RowRules;

/**
 * The rows of a backlog file, read one at a time: memory stays bounded whatever the file's size.
 * Undecodable bytes become U+FFFD, which {@link RowRules} reports for the row they are in, so one
 * bad row does not end the job.
 */
public interface RowSource extends Iterator<BatchRow>, Closeable {
    /** Bytes of the file read so far: with the file's size, the job's progress. */
    long bytesRead();

    static RowSource open(Path in, InputFormat format, String column, String idColumn, RowRules rules)
            throws IOException {
        InputStream file = Files.newInputStream(in);
        try {
            BoundedInputStream counted = BoundedInputStream.builder().setInputStream(file).get();
            // InputStreamReader with a Charset replaces malformed input instead of throwing.
            Reader reader = new InputStreamReader(counted, StandardCharsets.UTF_8);
            String name = in.getFileName().toString();
            return format == InputFormat.CSV
                    ? new CsvRows(name, reader, counted::getCount, column, idColumn, rules)
                    : new JsonLinesRows(name, reader, counted::getCount, column, idColumn, rules);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }
}
