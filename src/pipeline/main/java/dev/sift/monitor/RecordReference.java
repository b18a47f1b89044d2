package dev.sift.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.TextClassifier;
import dev.sift.pipeline.CommandLineTool;
import dev.sift.pipeline.LabeledCsv;
import dev.sift.predictions.PredictionRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code make monitor-reference BUNDLE_DIR=dir DATA=val.csv}: classifies the bundle's held-out texts
 * with the bundle, as serving would, and keeps them as prediction-log records (no text) in
 * {@code BUNDLE_DIR/monitoring-reference.jsonl}: the reference {@code make monitor} compares with.
 * {@code make train} runs it on the new bundle with its val split, after calibration.
 */
public final class RecordReference {
    private RecordReference() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "RecordReference", description = "Record a bundle's monitoring reference from its held-out texts.")
    static final class Cli implements Callable<Integer> {
        @Mixin
        CommandLineTool.Help help;
        @Parameters(index = "0", paramLabel = "BUNDLE_DIR", description = "The bundle directory (the file goes into it).")
        Path bundle;
        @Parameters(index = "1", paramLabel = "DATA.csv", description = "Held-out texts (label,text; the label is not used).")
        Path data;

        @Override
        public Integer call() throws IOException {
            int records = record(bundle, data);
            System.out.printf("%d reference records -> %s%n", records, bundle.resolve(MonitorReference.FILE));
            return 0;
        }
    }

    public static int record(Path bundle, Path data) throws IOException {
        List<String> texts = LabeledCsv.read(data).stream().map(LabeledCsv.Row::text).toList();
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(data + " has no texts");
        }
        try (TextClassifier classifier = TextClassifier.load(ModelBundle.load(bundle.toString()),
                InferenceSettings.defaults())) {
            List<PredictionRecord> records = ClassifiedTexts.records(classifier, texts, "reference", Instant.now());
            MonitorReference.write(bundle, records);
            return records.size();
        }
    }
}
