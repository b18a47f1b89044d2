package dev.sift.pipeline;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.feedback.FeedbackIds;
import dev.sift.feedback.FeedbackStore;
import dev.sift.feedback.FeedbackStores;
import dev.sift.feedback.NormalizedText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Builds the next training set from a base data set and every feedback record, and writes
 * {@code OUT/{train,val,test}.csv} ({@code label,text}) and {@code OUT/manifest.json}.
 *
 * <pre>PrepareTrainingSet --data DATA --feedback STORE_URI --out OUT [--label-column label] [--text-column text]
 *     [--test-percent 10] [--val-percent 10] [--feedback-label-map negative=0,positive=1]
 *     [--s3-endpoint URL] [--s3-region REGION] [--s3-path-style]</pre>
 *
 * <ul>
 * <li>DATA is a CSV, or a directory with the canonical {@code train.csv}, {@code val.csv} and
 * {@code test.csv}. Canonical rows keep their split, so the frozen test set never changes; a text
 * found in two splits is kept in the first of test, val, train. Everything else (all rows of a
 * single CSV, every new feedback text) is placed by {@link StableSplit}.</li>
 * <li>Texts are deduplicated by {@link NormalizedText}; the first base row of a text is kept.</li>
 * <li>Feedback on a base text overrides that row's label in place; feedback on a new text adds an
 * example. Of several records for one text the most recent wins ({@link FeedbackCorrections}).</li>
 * <li>The manifest accounts for every input: inputs = outputs + dropped + merged, checked before
 * anything is reported as done.</li>
 * </ul>
 */
public final class PrepareTrainingSet {
    private static final List<String> CANONICAL_ORDER = List.of(StableSplit.TEST, StableSplit.VAL, StableSplit.TRAIN);
    private static final int CONFLICT_EXAMPLES = 10;

    public record Options(Path data, String feedback, Path out, String labelColumn, String textColumn,
            int testPercent, int valPercent, Map<String, String> feedbackLabelMap, FeedbackStores.S3Options s3) {
    }

    /** One output row: where it goes, its label, and whether that label came from the base data or from feedback. */
    private static final class Example {
        final String split;
        final String text;
        String label;
        String labelSource;

        Example(String split, String text, String label, String labelSource) {
            this.split = split;
            this.text = text;
            this.label = label;
            this.labelSource = labelSource;
        }
    }

    private PrepareTrainingSet() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "PrepareTrainingSet", sortOptions = false,
            description = "Merge every feedback record into a base data set; write OUT/{train,val,test}.csv and"
                    + " OUT/manifest.json.")
    static final class Cli implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommandLineTool.Help help;
        @Option(names = "--data", required = true, paramLabel = "CSV|DIR",
                description = "A labelled CSV, or a directory with the canonical train.csv, val.csv and test.csv.")
        Path data;
        @Option(names = "--feedback", required = true, paramLabel = "STORE",
                description = "The feedback store: file:DIR or s3://bucket/prefix.")
        String feedback;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the split CSVs and the manifest go.")
        Path out;
        @Option(names = "--label-column", paramLabel = "NAME", defaultValue = LabeledCsv.LABEL_COLUMN,
                description = "The base data's label column (default: ${DEFAULT-VALUE}).")
        String labelColumn;
        @Option(names = "--text-column", paramLabel = "NAME", defaultValue = LabeledCsv.TEXT_COLUMN,
                description = "The base data's text column (default: ${DEFAULT-VALUE}).")
        String textColumn;
        @Option(names = "--test-percent", paramLabel = "P", defaultValue = "10",
                description = "Share of hash-split texts in test (default: ${DEFAULT-VALUE}).")
        int testPercent;
        @Option(names = "--val-percent", paramLabel = "P", defaultValue = "10",
                description = "Share of hash-split texts in val (default: ${DEFAULT-VALUE}).")
        int valPercent;
        Map<String, String> feedbackLabelMap = Map.of();
        @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3 endpoint of an s3:// store (s3mock, MinIO).")
        URI s3Endpoint;
        @Option(names = "--s3-region", paramLabel = "REGION", description = "Region of an s3:// store.")
        String s3Region;
        @Option(names = "--s3-path-style", description = "Path-style S3 addressing (s3mock, MinIO).")
        boolean s3PathStyle;

        @Option(names = "--feedback-label-map", paramLabel = "FROM=TO[,FROM=TO...]",
                description = "Rename feedback labels to the data's, e.g. negative=0,positive=1.")
        void feedbackLabelMap(String pairs) {
            try {
                feedbackLabelMap = LabelMap.parse("--feedback-label-map", pairs);
            } catch (IllegalArgumentException e) {
                throw CommandLineTool.badArgument(spec, e.getMessage());
            }
        }

        @Override
        public Integer call() throws IOException {
            if (testPercent < 0 || valPercent < 0 || testPercent + valPercent > 100) {
                throw CommandLineTool.badArgument(spec, "--test-percent " + testPercent + " and --val-percent " + valPercent
                        + " must be at least 0 and add up to at most 100");
            }
            Options options = new Options(data, feedback, out, labelColumn, textColumn, testPercent, valPercent,
                    feedbackLabelMap, new FeedbackStores.S3Options(Optional.ofNullable(s3Endpoint),
                            Optional.ofNullable(s3Region), s3PathStyle));
            long start = System.nanoTime();
            Map<String, Object> manifest = prepare(options);
            @SuppressWarnings("unchecked")
            Map<String, Object> accounting = (Map<String, Object>) manifest.get("accounting");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> outputs = (Map<String, Map<String, Object>>) manifest.get("outputs");
            System.out.printf("prepared %s in %d ms: train %s, val %s, test %s rows; inputs %s = outputs %s + dropped %s"
                    + " + merged %s; manifest %s%n", out, (System.nanoTime() - start) / 1_000_000,
                    outputs.get("train").get("rows"), outputs.get("val").get("rows"), outputs.get("test").get("rows"),
                    accounting.get("inputs"), accounting.get("outputs"), accounting.get("dropped"),
                    accounting.get("merged"), out.resolve("manifest.json"));
            return 0;
        }
    }

    public static Map<String, Object> prepare(Options options) throws IOException {
        return prepare(options, null);
    }

    /**
     * As {@link #prepare(Options)}; with {@code newSince} set, the manifest also counts the feedback
     * records received after that moment ({@code feedbackReceivedSince}), which is how the retrain
     * pipeline decides whether there is anything new to learn since the champion was promoted.
     */
    public static Map<String, Object> prepare(Options options, java.time.Instant newSince) throws IOException {
        StableSplit stableSplit = new StableSplit(options.testPercent(), options.valPercent());
        SkippedInputs skipped = new SkippedInputs();
        Map<String, Example> examples = new LinkedHashMap<>(); // by normalized text, in output order
        List<Map<String, Object>> inputFiles = new ArrayList<>();
        List<Map<String, Object>> baseConflicts = new ArrayList<>();
        int baseRows = 0;
        boolean canonical = Files.isDirectory(options.data());
        if (canonical) {
            for (String split : CANONICAL_ORDER) {
                Path csv = options.data().resolve(split + ".csv");
                if (!Files.isRegularFile(csv)) {
                    throw new IOException(options.data() + " is a directory but has no " + split + ".csv");
                }
                baseRows += readBase(csv, split, options, stableSplit, examples, skipped, inputFiles, baseConflicts);
            }
        } else {
            baseRows += readBase(options.data(), null, options, stableSplit, examples, skipped, inputFiles, baseConflicts);
        }
        int duplicatesDropped = skipped.count("base:duplicate_text");
        TreeSet<String> baseLabels = new TreeSet<>();
        examples.values().forEach(e -> baseLabels.add(e.label));

        FeedbackCorrections feedback;
        String storeLocation;
        try (FeedbackStore store = FeedbackStores.open(options.feedback(), options.s3())) {
            storeLocation = store.location();
            feedback = FeedbackCorrections.read(store, options.feedbackLabelMap(), skipped);
        }
        int newExamples = 0;
        int overrides = 0;
        int confirmations = 0;
        int superseded = 0;
        int conflicts = 0;
        List<Map<String, Object>> conflictExamples = new ArrayList<>();
        List<Map<String, Object>> overrideExamples = new ArrayList<>();
        TreeSet<String> newLabels = new TreeSet<>();
        for (FeedbackCorrections.Correction correction : feedback.corrections) {
            superseded += correction.records() - 1;
            String labelSource = "feedback:" + Optional.ofNullable(correction.winner().source()).orElse("(none)");
            if (!baseLabels.contains(correction.label())) {
                newLabels.add(correction.label());
            }
            if (correction.conflicting()) {
                conflicts++;
                if (conflictExamples.size() < CONFLICT_EXAMPLES) {
                    conflictExamples.add(conflict(correction));
                }
            }
            Example base = examples.get(correction.normalizedText());
            if (base != null) {
                if (base.label.equals(correction.label())) {
                    confirmations++;
                } else {
                    overrides++;
                    if (overrideExamples.size() < CONFLICT_EXAMPLES) {
                        overrideExamples.add(linked("text", excerpt(correction.normalizedText()), "split", base.split,
                                "from", base.label, "to", correction.label(), "id", correction.winner().id()));
                    }
                    base.label = correction.label();
                }
                base.labelSource = labelSource;
            } else {
                newExamples++;
                examples.put(correction.normalizedText(), new Example(stableSplit.of(correction.normalizedText()),
                        correction.winner().text(), correction.label(), labelSource));
            }
        }

        Files.createDirectories(options.out());
        Map<String, Object> outputs = new LinkedHashMap<>();
        Map<String, Integer> labels = new TreeMap<>();
        Map<String, Integer> sources = new TreeMap<>();
        int outputRows = 0;
        for (String split : List.of(StableSplit.TRAIN, StableSplit.VAL, StableSplit.TEST)) {
            List<LabeledCsv.Row> rows = new ArrayList<>();
            Map<String, Integer> splitLabels = new TreeMap<>();
            Map<String, Integer> splitSources = new TreeMap<>();
            for (Example example : examples.values()) {
                if (example.split.equals(split)) {
                    rows.add(new LabeledCsv.Row(example.label, example.text));
                    splitLabels.merge(example.label, 1, Integer::sum);
                    splitSources.merge(example.labelSource, 1, Integer::sum);
                }
            }
            Path csv = options.out().resolve(split + ".csv");
            LabeledCsv.write(csv, rows);
            outputRows += rows.size();
            splitLabels.forEach((k, v) -> labels.merge(k, v, Integer::sum));
            splitSources.forEach((k, v) -> sources.merge(k, v, Integer::sum));
            outputs.put(split, linked("file", csv.getFileName().toString(), "rows", rows.size(), "sha256", sha256(csv),
                    "labels", splitLabels, "sources", splitSources));
        }

        int inputs = baseRows + feedback.recordsRead;
        int dropped = skipped.total();
        int merged = confirmations + overrides + superseded;
        boolean balanced = inputs == outputRows + dropped + merged;
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("createdAt", Instant.now().toString());
        manifest.put("mode", canonical ? "canonical-splits" : "hash-split");
        manifest.put("settings", linked("data", options.data().toString(), "feedback", storeLocation,
                "labelColumn", options.labelColumn(), "textColumn", options.textColumn(),
                "testPercent", options.testPercent(), "valPercent", options.valPercent(),
                "feedbackLabelMap", options.feedbackLabelMap(),
                "normalization", "NFKC, trimmed, whitespace runs collapsed to one space",
                "split", canonical ? "base rows keep their canonical split; new feedback texts by SHA-256 bucket"
                        : "every text by SHA-256 bucket of its normalized form"));
        manifest.put("inputs", linked("baseRows", baseRows, "feedbackRecords", feedback.recordsRead,
                "files", inputFiles, "feedbackStore", linked("location", storeLocation, "records", feedback.recordsRead,
                        "sha256", feedback.storeSha256, "sha256Of", "sorted lines '<key> <sha256 of the object>'")));
        manifest.put("skipped", skipped.toManifest());
        manifest.put("duplicatesDropped", duplicatesDropped);
        manifest.put("baseLabelConflicts", linked("count", baseConflicts.size(), "examples",
                baseConflicts.subList(0, Math.min(CONFLICT_EXAMPLES, baseConflicts.size()))));
        manifest.put("feedback", linked("corrections", feedback.corrections.size(), "newExamples", newExamples,
                "labelOverrides", linked("count", overrides, "examples", overrideExamples),
                "confirmations", confirmations, "superseded", superseded, "newLabels", newLabels,
                "conflicts", linked("count", conflicts, "rule", "the most recently received record wins",
                        "examples", conflictExamples)));
        manifest.put("outputs", outputs);
        manifest.put("labels", labels);
        manifest.put("sources", sources);
        if (newSince != null) {
            manifest.put("feedbackReceivedSince", linked("since", newSince.toString(),
                    "records", feedback.receivedAfter(newSince)));
        }
        manifest.put("accounting", linked("inputs", inputs, "outputs", outputRows, "dropped", dropped, "merged", merged,
                "identity", "inputs = outputs + dropped + merged", "balanced", balanced));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(options.out().resolve("manifest.json").toFile(),
                manifest);
        if (!balanced) {
            throw new IllegalStateException("accounting does not balance: " + inputs + " inputs != " + outputRows
                    + " outputs + " + dropped + " dropped + " + merged + " merged; see " + options.out().resolve("manifest.json"));
        }
        return manifest;
    }

    /** Reads one base CSV; {@code split} null means every row is placed by its hash. Returns the rows read. */
    private static int readBase(Path csv, String split, Options options, StableSplit stableSplit,
            Map<String, Example> examples, SkippedInputs skipped, List<Map<String, Object>> inputFiles,
            List<Map<String, Object>> baseConflicts) throws IOException {
        List<List<String>> records = LabeledCsv.records(csv);
        if (records.isEmpty()) {
            throw new IOException(csv + " is empty: no header");
        }
        List<String> header = records.get(0);
        int labelAt = header.indexOf(options.labelColumn());
        int textAt = header.indexOf(options.textColumn());
        if (labelAt < 0 || textAt < 0) {
            throw new IOException(csv + ": header " + header + " lacks column '"
                    + (labelAt < 0 ? options.labelColumn() : options.textColumn()) + "'");
        }
        String name = csv.getFileName().toString();
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            String where = name + ":" + (i + 1); // the row number as LabeledCsv's errors give it: the header is row 1
            if (record.size() == 1 && record.get(0).isBlank()) {
                skipped.add("base:blank_line", where);
                continue;
            }
            if (record.size() <= Math.max(labelAt, textAt)) {
                skipped.add("base:missing_fields", where);
                continue;
            }
            String label = record.get(labelAt).strip();
            String text = record.get(textAt);
            String normalized = NormalizedText.of(text);
            if (label.isEmpty()) {
                skipped.add("base:empty_label", where);
            } else if (normalized.isEmpty()) {
                skipped.add("base:empty_text", where);
            } else if (examples.containsKey(normalized)) {
                Example kept = examples.get(normalized);
                skipped.add("base:duplicate_text", where);
                if (!kept.label.equals(label)) {
                    baseConflicts.add(linked("text", excerpt(normalized), "kept", kept.label + " (" + kept.split + ")",
                            "dropped", label + " (" + where + ")"));
                }
            } else {
                examples.put(normalized, new Example(split != null ? split : stableSplit.of(normalized), text, label,
                        "base"));
            }
        }
        inputFiles.add(linked("path", csv.toString(), "split", split == null ? "(hash)" : split,
                "rows", records.size() - 1, "bytes", Files.size(csv), "sha256", sha256(csv)));
        return records.size() - 1;
    }

    private static Map<String, Object> conflict(FeedbackCorrections.Correction correction) {
        return linked("text", excerpt(correction.normalizedText()), "labels", correction.labels(),
                "winner", linked("label", correction.label(), "id", correction.winner().id(),
                        "receivedAt", correction.winner().receivedAt().toString()));
    }

    private static String excerpt(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    private static String sha256(Path file) throws IOException {
        return FeedbackIds.sha256Hex(Files.readAllBytes(file));
    }

    /** An insertion-ordered map from alternating keys and values, so the manifest reads in a fixed order. */
    private static Map<String, Object> linked(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
