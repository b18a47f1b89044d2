package dev.sift.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.sift.predictions.PredictionJson;
import dev.sift.predictions.PredictionRecord;

/**
 * A bundle's monitoring reference: its held-out data classified by the bundle itself, kept as
 * prediction-log records (no text) in {@code monitoring-reference.jsonl} beside manifest.json.
 * Serving never reads it; {@code make monitor} compares windows with it and draws its bootstrap
 * windows from it.
 */
public final class MonitorReference {
    public static final String FILE = "monitoring-reference.jsonl";

    private MonitorReference() {
    }

    public static List<PredictionRecord> read(Path bundleDir) throws IOException {
        Path file = bundleDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(bundleDir + " has no " + FILE + ": record one with make monitor-reference "
                    + "BUNDLE_DIR=" + bundleDir + " DATA=<its val.csv> (make train does)");
        }
        List<PredictionRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                records.add(PredictionJson.read(line));
            }
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no records");
        }
        return records;
    }

    public static void write(Path bundleDir, List<PredictionRecord> records) throws IOException {
        Files.write(bundleDir.resolve(FILE), PredictionJson.lines(records));
    }
}
