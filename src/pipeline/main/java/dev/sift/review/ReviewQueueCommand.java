package dev.sift.review;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.sift.monitor.PredictionWindow;
import dev.sift.pipeline.CommandLineTool;
import dev.sift.predictions.PredictionRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code make review-queue PREDICTIONS=<store> N=200 OUT=queue.csv [SINCE=…] [UNTIL=…]}: the logged
 * predictions most worth a person's label ({@link ReviewQueue}), as a CSV a labeller fills in:
 * {@code id,text,predicted,score,model_version,label} with {@code label} empty. Needs a prediction
 * log that keeps texts ({@code sift.predictions.keep-text=true}); records without text are skipped.
 */
public final class ReviewQueueCommand {
    static final List<String> HEADER = List.of("id", "text", "predicted", "score", "model_version", "label");

    private ReviewQueueCommand() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "ReviewQueue", sortOptions = false,
            description = "Pick the logged predictions most worth labelling; write a CSV to fill in.")
    static final class Cli implements Callable<Integer> {
        @Mixin
        CommandLineTool.Help help;
        @Option(names = "--predictions", required = true, paramLabel = "STORE") String predictions;
        @Option(names = "--out", required = true, paramLabel = "FILE.csv") Path out;
        @Option(names = "-n", paramLabel = "N", defaultValue = "200", description = "How many texts (default ${DEFAULT-VALUE}).")
        int n;
        @Option(names = "--since", paramLabel = "DATE") LocalDate since;
        @Option(names = "--until", paramLabel = "DATE") LocalDate until;
        @Option(names = "--s3-endpoint", paramLabel = "URL") URI s3Endpoint;

        @Override
        public Integer call() throws IOException {
            int written = write(predictions, out, n, since, until, s3Endpoint);
            System.out.printf("%d texts to label -> %s%n", written, out);
            return 0;
        }
    }

    static int write(String predictions, Path out, int n, LocalDate since, LocalDate until, URI s3Endpoint)
            throws IOException {
        if (n < 1) {
            throw new IllegalArgumentException("-n must be at least 1, got " + n);
        }
        List<PredictionRecord> all = PredictionWindow.read(predictions, s3Endpoint, since, until).records();
        int records = all.size();
        List<PredictionRecord> withText = new ArrayList<>();
        all.stream().filter(r -> r.text() != null).forEach(withText::add);
        if (withText.isEmpty()) {
            throw new IllegalArgumentException(records == 0 ? "no predictions in " + predictions + " for that window"
                    : "none of the " + records + " predictions in " + predictions + " kept its text: a review queue "
                            + "needs sift.predictions.keep-text=true");
        }
        List<ReviewQueue.Candidate> candidates = withText.stream().map(r -> new ReviewQueue.Candidate(r.text(),
                r.scores().values().stream().mapToDouble(Double::doubleValue).toArray(), r.sketch())).toList();
        List<Integer> chosen = ReviewQueue.select(candidates, n);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180)) {
            csv.printRecord(HEADER);
            for (int i : chosen) {
                PredictionRecord r = withText.get(i);
                csv.printRecord(id(r.text()), r.text(), r.labels() != null ? String.join("|", r.labels())
                        : r.label() == null ? "" : r.label(), r.scores().values().stream().mapToDouble(Double::doubleValue)
                        .max().orElse(0), r.version(), "");
            }
        }
        return chosen.size();
    }

    /** A stable id per text, so importing the same filled queue twice stores each correction once. */
    static String id(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(ReviewQueue.normalized(text).getBytes(StandardCharsets.UTF_8));
            return "rq-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
