package dev.sift.discover;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.sift.model.BatchMode;
import dev.sift.model.InferenceSettings;
import dev.sift.model.SentenceEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code make discover}: the topics in a column of unlabeled texts, as files a person reads and edits. */
@Command(name = "discover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Embeds every text of a CSV column with the serving encoder, clusters the embeddings and "
                + "describes each cluster.", "Writes OUT/clusters.json, OUT/assignments.csv, OUT/report.html and "
                + "OUT/labels.json (a draft label set for make fewshot)."})
public final class DiscoverCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "CSV file with a header row (UTF-8)")
    Path data;

    @Option(names = "--column", defaultValue = "text", description = "the column holding the texts (default: ${DEFAULT-VALUE})")
    String column;

    @Option(names = "--k", defaultValue = "auto", description = "number of clusters, or auto (default: ${DEFAULT-VALUE})")
    String k;

    @Option(names = "--k-min", defaultValue = "2", description = "smallest K auto tries (default: ${DEFAULT-VALUE})")
    int kMin;

    @Option(names = "--k-max", defaultValue = "20", description = "largest K auto tries (default: ${DEFAULT-VALUE})")
    int kMax;

    @Option(names = "--method", defaultValue = "spectral",
            description = "spectral (a nearest-neighbour graph's eigenvectors, then k-means) or kmeans (k-means on the"
                    + " vectors) (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = "--keywords", defaultValue = "hanlp",
            description = "word segmenter for keywords: hanlp, jieba or chars (character bigrams) (default: ${DEFAULT-VALUE})")
    String keywords;

    @Option(names = "--encoder", defaultValue = "target/bge-small-zh/bge-small-zh-v1.5-q.onnx",
            description = "encoder ONNX graph with a last_hidden_state output (default: ${DEFAULT-VALUE})")
    Path encoder;

    @Option(names = "--tokenizer", defaultValue = "target/bge-small-zh/bge-small-zh-v1.5-q-tokenizer.json",
            description = "its tokenizer.json (default: ${DEFAULT-VALUE})")
    Path tokenizer;

    @Option(names = "--max-tokens", defaultValue = "256",
            description = "tokens per text embedded, from its start (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--draft-examples", defaultValue = "16",
            description = "example texts per cluster in the draft labels.json (default: ${DEFAULT-VALUE})")
    int draftExamples;

    @Option(names = "--compare-column",
            description = "a column of known labels: report NMI and ARI of the clusters against it")
    String compareColumn;

    @Option(names = "--threads", description = "threads for the encoder and k-means (default: all processors)")
    Integer threads;

    public static void main(String[] args) {
        System.exit(CommandLines.run(new DiscoverCommand(), args));
    }

    @Override
    public Integer call() throws IOException {
        int k = parseK();
        if (kMin < 2 || kMax < kMin) {
            throw new BadInputException("--k-min and --k-max must satisfy 2 <= k-min <= k-max, got " + kMin + ".." + kMax);
        }
        if (maxTokens < 3 || maxTokens > 512) {
            throw new BadInputException("--max-tokens must be in [3, 512], got " + maxTokens);
        }
        WordSegmenter segmenter = WordSegmenter.named(keywords);
        TopicDiscovery.Method clustering = parseMethod();
        int cores = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        TextColumn input = TextColumn.read(data, column, compareColumn);
        System.err.printf("%s: %,d rows, %,d distinct texts (%,d duplicate rows counted once, %,d blank rows skipped)%n",
                data, input.rows(), input.texts().size(), input.duplicateRows(), input.blankRows());
        if (k > input.texts().size()) {
            throw new BadInputException("K=" + k + " but " + data + " has only " + input.texts().size()
                    + " distinct non-blank texts in column '" + column + "'; K must be at most that");
        }
        long start = System.nanoTime();
        Embeddings vectors;
        try (SentenceEmbedder embedder = SentenceEmbedder.open(encoder, tokenizer, maxTokens, BatchMode.PADDED,
                InferenceSettings.defaults().withIntraOpThreads(cores))) {
            vectors = Embeddings.of(input.texts(), embedder,
                    new ProgressBar("embedding", input.texts().size(), "texts", System.err));
        }
        double embedSeconds = (System.nanoTime() - start) / 1e9;
        TopicDiscovery.Result result = TopicDiscovery.run(input, vectors,
                new TopicDiscovery.Settings(k, kMin, kMax, segmenter, draftExamples, cores, clustering), System.err);
        ClusterAgreement agreement = compareColumn == null ? null
                : ClusterAgreement.of(result.cluster(), input.otherColumnValues());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("encoder", encoder.getFileName().toString());
        run.put("maxTokens", maxTokens);
        run.put("pooling", "cls");
        run.put("batching", "padded, length-grouped");
        run.put("clustering", clustering == TopicDiscovery.Method.SPECTRAL
                ? "spectral (Ng-Jordan-Weiss) on a " + SpectralClustering.NEIGHBOURS + "-nearest-neighbour cosine graph of up to "
                        + SpectralClustering.GRAPH_SAMPLE + " texts, Tribuo 4.3.2 k-means (best of " + TopicDiscovery.RESTARTS
                        + " starts) on its unit-length eigenvector rows; other texts take their nearest graph texts' cluster"
                : "Tribuo 4.3.2 k-means (k-means++, Euclidean on unit vectors), best of " + TopicDiscovery.RESTARTS
                        + " starts fitted on up to " + TopicDiscovery.FIT_SAMPLE + " texts, every text assigned to its nearest centre");
        run.put("keywords", "class-based TF-IDF over " + keywords + " terms");
        run.put("embeddingSeconds", Math.round(embedSeconds * 10) / 10.0);
        run.put("totalSeconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        if (compareColumn != null) {
            run.put("compareColumn", compareColumn);
        }
        Files.createDirectories(out);
        DiscoveryFiles.writeJson(out.resolve("clusters.json"), DiscoveryFiles.clustersJson(input, result, run, agreement));
        DiscoveryFiles.writeAssignments(out.resolve("assignments.csv"), input, result);
        DiscoveryFiles.draftLabels(input, result, draftExamples).write(out.resolve("labels.json"));
        Files.writeString(out.resolve("report.html"), ReportPage.html(input, result, "K = " + result.k()
                + (result.kChoice().automatic() ? " (chosen by " + result.kChoice().scoreName() + ")" : " (given)") + "; encoder "
                + encoder.getFileName() + "; keywords: class-based TF-IDF over " + keywords + " terms"),
                StandardCharsets.UTF_8);
        System.err.printf("K = %d; %.1f s in all (embedding %.1f s)%n", result.k(), (System.nanoTime() - start) / 1e9,
                embedSeconds);
        if (agreement != null) {
            System.err.printf("against column '%s': NMI %.4f, ARI %.4f%n", compareColumn, agreement.nmi(), agreement.ari());
        }
        System.out.println("wrote " + out.resolve("report.html") + ", clusters.json, assignments.csv, labels.json (draft)");
        return 0;
    }

    private TopicDiscovery.Method parseMethod() {
        return switch (method.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "spectral" -> TopicDiscovery.Method.SPECTRAL;
            case "kmeans", "k-means" -> TopicDiscovery.Method.KMEANS;
            default -> throw new BadInputException("--method must be spectral or kmeans, got '" + method + "'");
        };
    }

    private int parseK() {
        if (k.equalsIgnoreCase("auto")) {
            return 0;
        }
        try {
            int value = Integer.parseInt(k.trim());
            if (value < 2) {
                throw new BadInputException("K=" + value + " is out of range: K must be auto or an integer >= 2");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadInputException("K must be auto or an integer >= 2, got '" + k + "'");
        }
    }
}
