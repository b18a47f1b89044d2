package dev.sift.monitor;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.pipeline.CommandLineTool;
import dev.sift.predictions.PredictionRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code make monitor PREDICTIONS=<store> OUT=dir [SINCE=yyyy-mm-dd] [UNTIL=yyyy-mm-dd] [BUNDLE=dir]}: the
 * prediction log's window against the bundle's reference ({@link DriftReport}); writes
 * {@code OUT/monitor.json} (top-level {@code "drift": true|false}) and {@code OUT/report.html}. Exit
 * 0 either way, 2 on bad arguments; an empty window says so and writes {@code "drift": null}.
 */
public final class Monitor {
    private Monitor() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "Monitor", sortOptions = false,
            description = "Compare a window of the prediction log with the bundle's reference; write OUT/monitor.json and OUT/report.html.")
    static final class Cli implements Callable<Integer> {
        @Mixin
        CommandLineTool.Help help;
        @Option(names = "--predictions", required = true, paramLabel = "STORE",
                description = "The prediction log: file:<directory> or s3://bucket/prefix (sift.predictions.store).")
        String predictions;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where monitor.json and report.html go.")
        Path out;
        @Option(names = "--bundle", paramLabel = "DIR", defaultValue = "models/review-sentiment",
                description = "The bundle directory whose monitoring reference to compare with (default: ${DEFAULT-VALUE}).")
        Path bundle;
        @Option(names = "--since", paramLabel = "DATE", description = "First UTC day of the window (default: the log's first).")
        LocalDate since;
        @Option(names = "--until", paramLabel = "DATE", description = "Last UTC day of the window (default: the log's last).")
        LocalDate until;
        @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible endpoint (path-style).")
        URI s3Endpoint;

        @Override
        public Integer call() throws IOException {
            Map<String, Object> report = run(predictions, out, bundle, since, until, s3Endpoint);
            System.out.println(report.get("summary"));
            return 0;
        }
    }

    static Map<String, Object> run(String predictions, Path out, Path bundle, LocalDate since, LocalDate until,
            URI s3Endpoint) throws IOException {
        if (since != null && until != null && until.isBefore(since)) {
            throw new IllegalArgumentException("--until " + until + " is before --since " + since);
        }
        List<PredictionRecord> reference = MonitorReference.read(bundle);
        PredictionWindow window = PredictionWindow.read(predictions, s3Endpoint, since, until);
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("since", since == null ? "(first)" : since.toString());
        range.put("until", until == null ? "(last)" : until.toString());
        Map<String, Object> report = new LinkedHashMap<>();
        if (window.records().isEmpty()) {
            report.put("drift", null);
            report.put("empty", true);
            report.put("summary", "no predictions in " + predictions + " from " + range.get("since") + " to "
                    + range.get("until") + " (" + window.objects() + " objects, " + window.skippedLines()
                    + " lines skipped): nothing to compare");
        } else {
            report.putAll(DriftReport.compare(window.records(), reference, 20261202L));
            @SuppressWarnings("unchecked")
            Map<String, Object> measures = (Map<String, Object>) report.get("measures");
            report.put("summary", String.format(java.util.Locale.ROOT, "%s: %d predictions, sketch distance %.4f "
                    + "(threshold %.4f), label PSI %.4f (threshold %.4f), estimated accuracy %.4f -> %s",
                    predictions, window.records().size(), measures.get("sketchDistance"),
                    measures.get("sketchDistanceThreshold"), measures.get("labelPsi"), measures.get("labelPsiThreshold"),
                    measures.get("estimatedAccuracy"), Boolean.TRUE.equals(report.get("drift")) ? "DRIFT" : "no drift"));
        }
        report.put("predictions", predictions);
        report.put("windowRange", range);
        report.put("bundle", bundle.toString());
        report.put("objects", window.objects());
        report.put("skippedLines", window.skippedLines());
        report.put("unreadableObjects", window.unreadableObjects());
        Files.createDirectories(out);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("monitor.json").toFile(), report);
        if (!window.records().isEmpty()) {
            Files.writeString(out.resolve("report.html"), MonitorReport.html(report));
        }
        return report;
    }
}
