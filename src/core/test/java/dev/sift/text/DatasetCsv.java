package dev.sift.text;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The canonical splits of ../shared/data ({@code label,text} with a header) for core's tests and
 * benchmarks. The product's dataset reader is the pipeline's LabeledCsv; sift-core cannot depend on
 * the pipeline, so its tests read the same files with the same library here.
 */
public final class DatasetCsv {
    public record Row(String label, String text) {
    }

    private DatasetCsv() {
    }

    public static List<Row> read(Path csv) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                rows.add(new Row(record.get("label"), record.get("text")));
            }
        }
        return rows;
    }

    public static List<String> texts(Path csv) throws IOException {
        return read(csv).stream().map(Row::text).toList();
    }
}
