package dev.sift.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;

import dev.sift.feedback.FeedbackStores;
import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.TextClassifier;
import dev.sift.pipeline.CommandLineTool;
import dev.sift.pipeline.LabeledCsv;
import dev.sift.predictions.PredictionLog;
import dev.sift.predictions.PredictionRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Traffic for a monitor to watch, without a deployment: classifies rows of a CSV with a bundle and
 * writes them to a prediction log as serving would, stamped with a chosen UTC day. How the README's
 * drift figures were made (windows of htl test, of shopping10, and a mix).
 *
 * <pre>LogPredictions BUNDLE DATA.csv STORE --day 2026-12-01 [--from N] [--rows N]</pre>
 */
public final class LogPredictions {
    private LogPredictions() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "LogPredictions", description = "Classify CSV rows into a prediction log, stamped with a day.")
    static final class Cli implements Callable<Integer> {
        @Mixin
        CommandLineTool.Help help;
        @Parameters(index = "0", paramLabel = "BUNDLE") String bundle;
        @Parameters(index = "1", paramLabel = "DATA.csv") Path data;
        @Parameters(index = "2", paramLabel = "STORE", description = "file:<directory> or s3://bucket/prefix") String store;
        @Option(names = "--day", required = true, paramLabel = "DATE") LocalDate day;
        @Option(names = "--from", paramLabel = "N", description = "First row (0-based; default 0).") int from;
        @Option(names = "--rows", paramLabel = "N", description = "How many rows (default: the rest).") int rows = -1;

        @Override
        public Integer call() throws IOException {
            List<String> texts = LabeledCsv.read(data).stream().map(LabeledCsv.Row::text).toList();
            int end = rows < 0 ? texts.size() : Math.min(texts.size(), from + rows);
            if (from < 0 || from >= end) {
                throw new IllegalArgumentException("--from " + from + " --rows " + rows + " selects no row of " + data
                        + " (" + texts.size() + " rows)");
            }
            Clock noon = Clock.fixed(day.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
            try (TextClassifier classifier = TextClassifier.load(ModelBundle.load(bundle), InferenceSettings.defaults());
                    PredictionLog log = new PredictionLog(FeedbackStores.open(store, FeedbackStores.S3Options.defaults()),
                            1.0, 500, Duration.ofDays(1), noon, PredictionLog.Flush.INLINE)) {
                List<PredictionRecord> records = ClassifiedTexts.records(classifier, texts.subList(from, end), "classify",
                        noon.instant());
                log.add(records);
                log.flush();
                System.out.printf("%d predictions of %s rows %d-%d -> %s (%s)%n", log.written(), data, from, end - 1,
                        store, day);
                return log.dropped() == 0 ? 0 : 1;
            }
        }
    }
}
