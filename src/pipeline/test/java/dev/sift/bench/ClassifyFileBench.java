package dev.sift.bench;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.TextClassifier;
import dev.sift.text.Encoding;

/**
 * {@code make bench-classify-file}: throughput of {@code make classify-file} on a whole CSV, side by
 * side in one run with
 * <ol type="a">
 * <li>the compute limit: the bare ONNX session on the same texts, tokenized beforehand (untimed),
 *     in the same chunks and length groups, on the same worker threads;</li>
 * <li>the same texts through {@code POST /classify} of the packaged app, 64 per request, from one
 *     client and from two concurrent clients.</li>
 * </ol>
 * The command itself is timed as a user runs it (a fresh JVM, its model load included). Blank
 * texts are left out everywhere, since {@code /classify} refuses them.
 *
 * <pre>ClassifyFileBench DATA.csv COLUMN BUNDLE_DIR APP_JAR PIPELINE_CLASSPATH [WORKERS THREADS CHUNK]</pre>
 */
public final class ClassifyFileBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClassifyFileBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String column = args[1];
        String bundle = args[2];
        Path appJar = Path.of(args[3]);
        String pipelineClassPath = args[4];
        int workers = args.length > 5 ? Integer.parseInt(args[5]) : Runtime.getRuntime().availableProcessors();
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        int chunk = args.length > 7 ? Integer.parseInt(args[7]) : 2048;
        Path work = Files.createDirectories(Path.of("target/bench-classify-file"));

        List<String> texts = readTexts(data, column);
        Path input = work.resolve("input.csv");
        writeCsv(input, texts);
        System.out.printf("%,d non-blank texts of %s ('%s'); %d cores; workers %d x intra-op %d, %d rows per chunk%n",
                texts.size(), data, column, Runtime.getRuntime().availableProcessors(), workers, threads, chunk);

        // (a) before and after the command, so neither gets the machine's quieter or noisier minutes alone.
        double computeBefore = computeLimit(bundle, texts, workers, threads, chunk);
        System.out.printf("(a) bare ONNX session, pre-tokenized:  %,8.1f texts/s%n", computeBefore);
        double command = classifyFile(pipelineClassPath, input, work.resolve("out.jsonl"), bundle, workers, threads, chunk);
        System.out.printf("    make classify-file (whole command): %,8.1f texts/s%n", command);
        double computeAfter = computeLimit(bundle, texts, workers, threads, chunk);
        System.out.printf("(a) bare ONNX session, again:          %,8.1f texts/s%n", computeAfter);
        double compute = (computeBefore + computeAfter) / 2;
        double[] http = overHttp(appJar, texts, work.resolve("app.log"));
        System.out.printf("(b) POST /classify, 64 texts, 1 client: %,8.1f texts/s%n", http[0]);
        System.out.printf("(b) POST /classify, 64 texts, 2 clients:%,8.1f texts/s%n", http[1]);
        double bestHttp = Math.max(http[0], http[1]);
        System.out.printf("classify-file / mean of (a) = %.1f%%   classify-file / best of (b) = %.2fx%n",
                100 * command / compute, command / bestHttp);
    }

    static List<String> readTexts(Path csv, String column) throws IOException {
        List<String> texts = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader)
                     .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            String header = parser.getHeaderNames().stream().filter(h -> h.replace("\uFEFF", "").equals(column)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no column " + column + " in " + parser.getHeaderNames()));
            for (CSVRecord record : parser) {
                String text = record.isSet(header) ? record.get(header) : "";
                if (!text.isBlank()) {
                    texts.add(text);
                }
            }
        }
        return texts;
    }

    private static void writeCsv(Path file, List<String> texts) throws IOException {
        StringBuilder csv = new StringBuilder("text\n");
        for (String text : texts) {
            csv.append('"').append(text.replace("\"", "\"\"")).append("\"\n");
        }
        Files.writeString(file, csv);
    }

    /** Texts per second of the model runs alone, chunk by chunk on {@code workers} threads. */
    static double computeLimit(String bundle, List<String> texts, int workers, int threads, int chunk) throws Exception {
        try (TextClassifier classifier = TextClassifier.load(ModelBundle.load(bundle),
                InferenceSettings.defaults().withIntraOpThreads(threads))) {
            List<List<Encoding>> chunks = new ArrayList<>();
            for (int i = 0; i < texts.size(); i += chunk) {
                chunks.add(classifier.encoder().encode(texts.subList(i, Math.min(texts.size(), i + chunk))));
            }
            classifier.modelOutputs(chunks.get(0)); // the first run's allocations, as the command's warm-up has them
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                long start = System.nanoTime();
                List<Future<float[][]>> runs = new ArrayList<>();
                for (List<Encoding> c : chunks) {
                    runs.add(pool.submit(() -> classifier.modelOutputs(c)));
                }
                for (Future<float[][]> run : runs) {
                    run.get();
                }
                return texts.size() / ((System.nanoTime() - start) / 1e9);
            } finally {
                pool.shutdown();
            }
        }
    }

    private static double classifyFile(String classPath, Path in, Path out, String bundle, int workers, int threads,
            int chunk) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                "dev.sift.backlog.ClassifyFile", in.toString(), out.toString(), "--bundle", bundle, "--overwrite",
                "--no-progress", "--workers", String.valueOf(workers), "--threads", String.valueOf(threads),
                "--chunk-rows", String.valueOf(chunk));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("classify-file failed:\n" + log);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.print("    " + log.lines().filter(l -> l.startsWith("done:")).findFirst().orElse("") + "\n");
        return Files.readAllLines(out).size() / seconds;
    }

    /** Texts per second through the packaged app's /classify: one client, then two concurrent clients. */
    private static double[] overHttp(Path appJar, List<String> texts, Path log) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dsift.feedback.store=none", "-jar", appJar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + port + "/classify");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    post(client, uri, texts.subList(0, 64));
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline || !app.isAlive()) {
                        throw new IllegalStateException("the app did not answer; see " + log, notYet);
                    }
                    Thread.sleep(100);
                }
            }
            return new double[] {throughput(client, uri, texts, 1), throughput(client, uri, texts, 2)};
        } finally {
            app.destroy();
            app.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static double throughput(HttpClient client, URI uri, List<String> texts, int clients) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndAdd(64); i < texts.size(); i = next.getAndAdd(64)) {
                        post(client, uri, texts.subList(i, Math.min(texts.size(), i + 64)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return texts.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private static void post(HttpClient client, URI uri, List<String> texts) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(java.util.Map.of("texts", texts));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /classify answered " + response.statusCode() + ": " + response.body());
        }
    }
}
