package dev.sift.backlog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.sift.batch.BatchRow;
import dev.sift.batch.RowClassifier;
import dev.sift.batch.RowOutcome;
import dev.sift.batch.RowRules;
import dev.sift.discover.ProgressBar;
import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelInfo;
import dev.sift.model.TextClassifier;
import dev.sift.pipeline.CommandLineTool;
import dev.sift.registry.BundleLocations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code make classify-file}: classifies every row of a CSV or JSON-lines file with the serving
 * classifier and writes one JSON line per row, streaming, on all cores, resumable after a kill.
 *
 * <pre>ClassifyFile IN.csv|IN.jsonl OUT.jsonl [--column text] [--id-column id] [--bundle DIR] [--overwrite]</pre>
 *
 * <p><b>Threads.</b> One ONNX session, shared by {@code --workers} threads that each run a chunk,
 * with {@code --threads} intra-op threads per run. With one intra-op thread a run computes on its
 * caller's thread, so two workers are two runs in parallel without a second copy of the model;
 * on 2 cores that beat one run on two intra-op threads (README, Classify a backlog, has the
 * figures), because a run of a few short texts leaves an intra-op pool idle between its operators.
 *
 * <p><b>Chunks.</b> Rows are classified {@code --chunk-rows} at a time; the classifier sorts a
 * chunk by length and pads each group of similar length only to its longest, so bigger chunks pad
 * less. Each finished chunk is a checkpoint ({@link ResumableOutput}).
 */
@Command(name = "ClassifyFile", sortOptions = false,
        description = "Classify every row of a CSV or JSON-lines file; one JSON line per row in OUT, row errors in "
                + "OUT.errors.jsonl. Rerunning the same command after a kill continues where it stopped.")
public final class ClassifyFile implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommandLineTool.Help help;
    @Parameters(index = "0", paramLabel = "IN", description = "A .csv file with a header row, or a .jsonl file of JSON objects.")
    Path in;
    @Parameters(index = "1", paramLabel = "OUT", description = "The results, one JSON line per row (OUT.errors.jsonl: the rows refused).")
    Path out;
    @Option(names = "--column", paramLabel = "NAME", description = "The column (CSV) or field (JSON) holding the text (default: ${DEFAULT-VALUE}).")
    String column = "text";
    @Option(names = "--id-column", paramLabel = "NAME", description = "Copied to each output line as its id when the input has it (default: ${DEFAULT-VALUE}).")
    String idColumn = "id";
    @Option(names = "--bundle", paramLabel = "BUNDLE", description = "A bundle directory, classpath:LOCATION or registry:… (default: ${DEFAULT-VALUE}).")
    String bundle = "models/review-sentiment";
    @Option(names = "--workers", paramLabel = "N", description = "Chunks classified in parallel (default: the number of CPUs).")
    int workers = Runtime.getRuntime().availableProcessors();
    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads per ONNX run (default: ${DEFAULT-VALUE}).")
    int threads = 1;
    @Option(names = "--chunk-rows", paramLabel = "N", description = "Rows per chunk and checkpoint (default: ${DEFAULT-VALUE}).")
    int chunkRows = 2048;
    @Option(names = "--max-chars", paramLabel = "N", description = "Longer texts are row errors, as over the API (default: ${DEFAULT-VALUE}).")
    int maxChars = 10_000;
    @Option(names = "--top-k", paramLabel = "K", description = "Labels listed in each row's scores (default: all).")
    Integer topK;
    @Option(names = "--overwrite", description = "Replace an existing OUT instead of refusing or resuming.")
    boolean overwrite;
    @Option(names = "--no-progress", description = "No progress bar (the summary is still printed).")
    boolean noProgress;

    public static void main(String[] args) {
        CommandLineTool.run(new ClassifyFile(), args);
    }

    @Override
    public Integer call() throws Exception {
        requirePositive("--workers", workers);
        requirePositive("--threads", threads);
        requirePositive("--chunk-rows", chunkRows);
        requirePositive("--max-chars", maxChars);
        PrintStream err = System.err;
        InputFormat format = InputFormat.of(in);
        if (Files.isDirectory(out)) {
            throw CommandLineTool.badArgument(spec, "OUT " + out + " is a directory; give a file name, e.g. " + out.resolve("results.jsonl"));
        }
        long started = System.nanoTime();
        InferenceSettings settings = InferenceSettings.defaults().withIntraOpThreads(threads);
        // The input is opened first: its header (or first JSON line) is checked before a model is loaded or OUT touched.
        try (RowSource rows = RowSource.open(in, format, column, idColumn, new RowRules(maxChars));
             TextClassifier classifier = TextClassifier.load(BundleLocations.load(bundle), settings)) {
            ModelInfo model = classifier.info();
            int k = topK == null ? model.labels().size() : topK;
            if (k < 1 || k > model.labels().size()) {
                throw CommandLineTool.badArgument(spec, "--top-k must be between 1 and " + model.labels().size() + ", got " + k);
            }
            ResumableOutput.Job job = new ResumableOutput.Job(in.toAbsolutePath().normalize().toString(), Files.size(in),
                    Files.getLastModifiedTime(in).toMillis(), column, idColumn, model.name() + "@" + model.version(), k);
            try (ResumableOutput output = ResumableOutput.open(out, job, overwrite)) {
                ResumableOutput.Checkpoint resumed = output.resumedFrom();
                if (resumed != null && resumed.complete()) {
                    err.printf("%s is already complete: %,d rows (%,d results, %,d errors). Pass --overwrite (OVERWRITE=1) to redo it.%n",
                            out, resumed.rowsDone(), resumed.results(), resumed.errors());
                    return 0;
                }
                if (resumed != null) {
                    err.printf("resuming %s after row %,d (%,d results, %,d errors already written)%n", out,
                            resumed.rowsDone(), resumed.results(), resumed.errors());
                }
                err.printf("classifying %s (%s, column '%s') with %s %s: %d worker(s) x %d intra-op thread(s), %d rows per chunk%n",
                        in, format.name().toLowerCase(), column, model.name(), model.version(), workers, threads, chunkRows);
                long rowsBefore = output.rowsDone();
                run(rows, new RowClassifier(classifier, k), output, err);
                output.complete();
                double seconds = (System.nanoTime() - started) / 1e9;
                long rowsThisRun = output.rowsDone() - rowsBefore;
                err.printf("done: %,d rows (%,d results, %,d errors) in %s, %,.0f rows/s%s; results: %s, errors: %s%n",
                        output.rowsDone(), output.results(), output.errors(), ProgressBar.duration(seconds), rowsThisRun / seconds,
                        resumed != null ? " (this run: " + String.format("%,d", rowsThisRun) + " rows)" : "", out,
                        ResumableOutput.errorsFile(out));
            }
        }
        return 0;
    }

    private void requirePositive(String option, int value) {
        if (value < 1) {
            throw CommandLineTool.badArgument(spec, option + " must be at least 1, got " + value);
        }
    }

    private void run(RowSource rows, RowClassifier classifier, ResumableOutput output, PrintStream err) throws Exception {
        try (OrderedChunks<BatchRow, List<RowOutcome>> chunks = new OrderedChunks<>(workers, chunkRows)) {
            for (long skipped = 0; skipped < output.rowsDone(); skipped++) {
                if (!rows.hasNext()) {
                    throw new IllegalStateException(in + " has only " + skipped + " rows, but " + out
                            + " already holds " + output.rowsDone() + ": the input changed; pass --overwrite");
                }
                rows.next();
            }
            long skippedBytes = rows.bytesRead();
            ProgressBar bar = ProgressBar.overBytes("classify", Math.max(1, Files.size(in) - skippedBytes), "rows",
                    noProgress ? new PrintStream(PrintStream.nullOutputStream()) : err);
            chunks.run(rows, classifier::classify, outcomes -> {
                output.append(outcomes);
                output.checkpoint();
                bar.update(outcomes.size(), rows.bytesRead() - skippedBytes);
            });
            bar.finish();
        }
    }
}
