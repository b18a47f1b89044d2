package dev.sift.packaging;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * sift's three artifacts against the Node.js peer on the same model, cold, side by side in one
 * run: process spawn to the first successful classify answer, N rounds, each sift start right after
 * a peer start so that machine drift hits both alike; per artifact the two medians and their ratio.
 * <ul>
 * <li>app: make run's artifact as make run starts it (src/serving/bin/run.sh: C1 only, with the
 * AppCDS archive beside the jar when there is one), from the repository root, polled with POST /classify;</li>
 * <li>direct: dist/sift-lambda.zip through the AWS runtime interface client behind a mock Runtime API,
 * with infra's JAVA_TOOL_OPTIONS (C1 only), the classify event queued before the JVM starts;</li>
 * <li>apigw: dist/sift-lambda-http.zip the same way, with an HTTP API payload 2.0 event;</li>
 * <li>with the bundled-runtime zips (dist/sift-lambda-bundled.zip, dist/sift-lambda-http-bundled.zip,
 * built where a JDK 25 is): each the way provided.al2023 runs it, its {@code bootstrap} started with
 * the same Runtime API and event;</li>
 * <li>peer: {@code node serve.mjs} from the peer's folder, polled with POST /classify.</li>
 * </ul>
 * Usage (src/bench/coldstart-compare.sh): {@code ColdStartCompare <src/serving/bin/run.sh> <direct.zip>
 * <http.zip> <api-gateway-event.json> <peer dir> <work dir> <rounds> [<direct bundled.zip> <http bundled.zip>]}.
 */
public final class ColdStartCompare {
    private static final String BODY = "{\"texts\": [\"房间很干净，服务也热情，就是早餐品种少了点，总体满意。\"]}";
    private static final List<String> C1_ONLY = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    private static final Pattern BREAKDOWN = Pattern.compile("cold start: [^\"\n]*");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * HTTP/1.1, as curl, the Python poller and API Gateway speak to a function: Java's client
     * otherwise asks every cleartext server to upgrade to HTTP/2 (h2c). Node's server ignores that,
     * while sift's (Vert.x) accepts it and sets up its HTTP/2 codec inside the first answer, which
     * made sift's side of this comparison ~100 ms slower than any other client sees it (app 451 ms
     * here against 346 ms by coldstart_variants.py, the peer 337 against 313).
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(200)).build();

    private ColdStartCompare() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7 && args.length != 9) {
            System.err.println("usage: ColdStartCompare <src/serving/bin/run.sh> <direct.zip> <http.zip> <event.json> <peer dir> <work dir> <rounds>"
                    + " [<direct bundled.zip> <http bundled.zip>]");
            System.exit(2);
        }
        Path runScript = Path.of(args[0]).toAbsolutePath();
        Path work = Files.createDirectories(Path.of(args[5]).toAbsolutePath());
        Path direct = ManagedJavaRuntime.unpack(Path.of(args[1]), work.resolve("direct-task"));
        Path http = ManagedJavaRuntime.unpack(Path.of(args[2]), work.resolve("http-task"));
        String apiGatewayEvent = apiGatewayEvent(Path.of(args[3]));
        Path peer = Path.of(args[4]).toAbsolutePath();
        int rounds = Integer.parseInt(args[6]);

        Map<String, Artifact> artifacts = new LinkedHashMap<>();
        // The script runs from the repository root whatever the working directory; JAVA is make run's
        // JVM (APP_JAVA, which make coldstart-compare sets), else this one. The zips run on this one.
        List<String> app = List.of("bash", runScript.toString());
        Map<String, String> appEnv = Map.of("JAVA", System.getenv().getOrDefault("APP_JAVA",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        artifacts.put("app (make run)", new Artifact(() -> httpColdStart(app, Path.of("").toAbsolutePath(), appEnv,
                work.resolve("app.log"))));
        artifacts.put("direct zip (RIC)", new Artifact(() -> lambdaColdStart(direct, ManagedJavaRuntime.DIRECT_HANDLER,
                Map.of("QUARKUS_FUNQY_EXPORT", "classify"), BODY, work.resolve("direct.log"))));
        artifacts.put("API Gateway zip (RIC)", new Artifact(() -> lambdaColdStart(http, ManagedJavaRuntime.HTTP_HANDLER,
                Map.of(), apiGatewayEvent, work.resolve("apigw.log"))));
        if (args.length == 9) {
            Path directBundled = ManagedJavaRuntime.unpack(Path.of(args[7]), work.resolve("direct-bundled-task"));
            Path httpBundled = ManagedJavaRuntime.unpack(Path.of(args[8]), work.resolve("http-bundled-task"));
            artifacts.put("direct zip, bundled JVM", new Artifact(() -> bundledColdStart(directBundled,
                    ManagedJavaRuntime.DIRECT_HANDLER, Map.of("QUARKUS_FUNQY_EXPORT", "classify"), BODY,
                    work.resolve("direct-bundled.log"))));
            artifacts.put("API GW zip, bundled JVM", new Artifact(() -> bundledColdStart(httpBundled,
                    ManagedJavaRuntime.HTTP_HANDLER, Map.of(), apiGatewayEvent, work.resolve("apigw-bundled.log"))));
        }
        Timed peerStart = () -> httpColdStart(List.of("node", "serve.mjs"), peer, Map.of(), work.resolve("peer.log"));

        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Artifact> artifact : artifacts.entrySet()) {
                artifact.getValue().peer.add(peerStart.run().millis);
                Run sift = artifact.getValue().sift.run();
                artifact.getValue().times.add(sift.millis);
                if (sift.breakdown != null) {
                    artifact.getValue().breakdowns.add(sift.breakdown);
                }
                System.err.printf("round %d %s: sift %d ms, peer %d ms%n", round, artifact.getKey(), sift.millis,
                        artifact.getValue().peer.get(artifact.getValue().peer.size() - 1));
            }
        }
        String cpus = CpuPin.cpus();
        System.out.printf("cold start, process spawn -> first classify answer; %d rounds, each sift start right after a peer "
                + "start; %s, load %s before the run ended, %s%n", rounds, cpus == null
                        ? Runtime.getRuntime().availableProcessors() + " cores"
                        : "every measured process on CPU " + cpus + " (taskset), this harness on the others",
                Files.readString(Path.of("/proc/loadavg")).trim(),
                // To the minute: runs of one evening are told apart by when they ended.
                java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        System.out.printf("%-24s %10s %10s %7s   %s%n", "artifact", "sift (ms)", "peer (ms)", "ratio", "runs (sift / peer)");
        artifacts.forEach((name, a) -> System.out.printf("%-24s %10d %10d %6.2fx   %s / %s%n", name, median(a.times),
                median(a.peer), (double) median(a.times) / median(a.peer), a.times, a.peer));
        artifacts.forEach((name, a) -> {
            if (!a.breakdowns.isEmpty()) {
                System.out.printf("%s, last run's %s%n", name, a.breakdowns.get(a.breakdowns.size() - 1));
            }
        });
    }

    /** Spawns an HTTP server on a free port and polls POST /classify every 5 ms until it answers 200. */
    private static Run httpColdStart(List<String> command, Path dir, Map<String, String> env, Path log) throws Exception {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(CpuPin.apply(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("PORT", String.valueOf(port)); // the peer's
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port)); // sift's
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/classify"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY, StandardCharsets.UTF_8)).build();
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            while (true) {
                try {
                    HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        long millis = (System.nanoTime() - start) / 1_000_000;
                        requireClassification(command.toString(), answer.body(), log);
                        return new Run(millis, breakdown(Files.readString(log)));
                    }
                } catch (IOException notListeningYet) {
                    // connection refused until the server listens
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
                }
                if (System.nanoTime() - start > 60_000_000_000L) {
                    throw new IllegalStateException(command + " gave no 200 within 60 s:\n" + Files.readString(log));
                }
                Thread.sleep(5);
            }
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    /**
     * A start is timed only up to an answer that classifies: a 200 whose body is something else (an
     * empty object from a broken serializer, say) would pass off a broken build as a fast one.
     */
    static boolean isClassification(String body) {
        // sift's answer and the peer's both hold results with labels; an API Gateway answer holds
        // them inside its escaped body string, hence no quotes.
        return body.contains("results") && body.contains("label");
    }

    private static void requireClassification(String command, String body, Path log) throws IOException {
        if (!isClassification(body)) {
            throw new IllegalStateException(command + " answered 200 without a classification: " + body + "\n"
                    + Files.readString(log));
        }
    }

    private static Run lambdaColdStart(Path task, String handler, Map<String, String> env, String event, Path log)
            throws Exception {
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("JAVA_TOOL_OPTIONS", String.join(" ", C1_ONLY));
        return lambdaColdStart(runtime -> runtime.spawn(task, handler, environment, List.of()), event, log);
    }

    /**
     * A bundled-runtime zip as provided.al2023 starts it: its bootstrap, which sets the JVM's options
     * itself. With SIFT_AOT_MODE=on, so that a cache the JVM rejects stops the run instead of
     * passing off a start without it as this row's time.
     */
    private static Run bundledColdStart(Path task, String handler, Map<String, String> env, String event, Path log)
            throws Exception {
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("SIFT_AOT_MODE", "on");
        return lambdaColdStart(runtime -> runtime.spawnBootstrap(task, handler, environment), event, log);
    }

    @FunctionalInterface
    private interface Spawn {
        void start(ManagedJavaRuntime runtime) throws IOException;
    }

    private static Run lambdaColdStart(Spawn spawn, String event, Path log) throws Exception {
        try (ManagedJavaRuntime runtime = new ManagedJavaRuntime(log)) {
            spawn.start(runtime);
            HttpResponse<String> answer = runtime.invoke(event);
            long millis = runtime.millisSinceSpawn();
            if (answer.statusCode() != 200 || answer.body().contains("\"statusCode\":5") || answer.body().contains("\"statusCode\":4")
                    || !isClassification(answer.body())) {
                throw new IllegalStateException(answer.statusCode() + " " + answer.body() + "\n" + runtime.log());
            }
            // The function logs its breakdown right after it answered; give it a moment to flush.
            Thread.sleep(200);
            return new Run(millis, breakdown(runtime.log()));
        }
    }

    static String apiGatewayEvent(Path fixture) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(fixture.toFile());
        event.put("routeKey", "POST /classify");
        event.put("rawPath", "/classify");
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("routeKey", "POST /classify");
        ((ObjectNode) context.get("http")).put("method", "POST").put("path", "/classify");
        ((ObjectNode) event.get("headers")).put("content-length", String.valueOf(BODY.getBytes(StandardCharsets.UTF_8).length));
        event.put("body", BODY);
        event.put("isBase64Encoded", false);
        return JSON.writeValueAsString(event);
    }

    private static String breakdown(String log) {
        String found = null;
        for (Matcher m = BREAKDOWN.matcher(log); m.find();) {
            found = m.group();
        }
        return found;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    @FunctionalInterface
    private interface Timed {
        Run run() throws Exception;
    }

    private record Run(long millis, String breakdown) {
    }

    private static final class Artifact {
        final Timed sift;
        final List<Long> times = new ArrayList<>();
        final List<Long> peer = new ArrayList<>();
        final List<String> breakdowns = new ArrayList<>();

        Artifact(Timed sift) {
            this.sift = sift;
        }
    }
}
