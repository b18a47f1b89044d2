package dev.sift.packaging;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.amazon.lambda.runtime.MockEventServer;

/**
 * Runs an unpacked Lambda zip the way the managed Java runtime does: a JVM whose class path is
 * only the AWS runtime interface client (the client the managed runtime itself uses), which
 * loads the handler from {@code LAMBDA_TASK_ROOT} and polls the Runtime API, here Quarkus's
 * stand-alone {@link MockEventServer}. Nothing of the test harness runs inside the function's JVM.
 */
public final class ManagedJavaRuntime implements AutoCloseable {
    public static final String DIRECT_HANDLER = "dev.sift.serving.DirectInvocationHandler::handleRequest";
    public static final String HTTP_HANDLER = "dev.sift.serving.ApiGatewayHandler::handleRequest";
    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final RuntimeApi runtimeApi = new RuntimeApi();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path log;
    private Process function;
    private long spawnedAt;

    /**
     * Quarkus's mock Runtime API, plus the init error endpoint it lacks: its catch-all would take the
     * report for an event and never answer, so the runtime client could not go on to exit.
     */
    private static final class RuntimeApi extends MockEventServer {
        final java.util.concurrent.CompletableFuture<String> initError = new java.util.concurrent.CompletableFuture<>();

        @Override
        protected void defaultHandlerSetup() {
            router.post(BASE_PATH + "/2018-06-01/runtime/init/error").handler(context -> {
                initError.complete(context.body().asString());
                context.response().setStatusCode(202).end("{\"status\":\"OK\"}");
            });
            super.defaultHandlerSetup();
        }

        /**
         * As Quarkus's, but acknowledged with 202 as the real Runtime API does: the runtime client
         * treats Quarkus's 204 as a failure and exits, so a function that reported one error could
         * not take the next event.
         */
        @Override
        public void handleError(io.vertx.ext.web.RoutingContext context) {
            io.vertx.ext.web.RoutingContext pending = responsePending.remove(context.pathParam("requestId"));
            if (pending == null) {
                context.fail(404);
                return;
            }
            processError(context, pending, context.body().buffer());
            context.response().setStatusCode(202).end("{\"status\":\"OK\"}");
        }
    }

    public ManagedJavaRuntime(Path log) {
        this.log = log;
        runtimeApi.start(0);
    }

    /**
     * Unzips {@code zip} into {@code taskRoot} (emptied first), as Lambda does once per deployment,
     * keeping each file's modification time and, where the zip records them, its Unix permissions:
     * a bundled-runtime zip's {@code bootstrap} must stay executable and its AOT cache is used only
     * with files of the times it was made with.
     */
    public static Path unpack(Path zip, Path taskRoot) throws IOException {
        if (Files.exists(taskRoot)) {
            try (var files = Files.walk(taskRoot)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        Files.createDirectories(taskRoot);
        try (java.nio.file.FileSystem archive = java.nio.file.FileSystems.newFileSystem(zip.toAbsolutePath(),
                Map.of("enablePosixFileAttributes", "true"));
                var entries = Files.walk(archive.getPath("/"))) {
            for (Path entry : entries.toList()) {
                Path target = taskRoot.resolve(entry.toString().substring(1)).normalize();
                if (!target.startsWith(taskRoot)) {
                    throw new IOException("zip entry outside the task root: " + entry);
                }
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(entry, target);
                Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(entry));
                Files.setLastModifiedTime(target, Files.getLastModifiedTime(entry));
            }
        }
        return taskRoot;
    }

    /** The runtime interface client and its libraries, from this JVM's class path. */
    static String runtimeClassPath() {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("aws-lambda-java-runtime-interface-client") || p.contains("utils-lite")
                        || p.contains("aws-lambda-java-core") || p.contains("aws-lambda-java-serialization"))
                .collect(Collectors.joining(File.pathSeparator));
        if (!classPath.contains("aws-lambda-java-runtime-interface-client")) {
            throw new IllegalStateException("the runtime interface client is not on the test class path");
        }
        return classPath;
    }

    /** Starts the function's JVM: {@code java [jvmOptions] -cp <client> AWSLambda <handler>}, this JVM's java. */
    public void spawn(Path taskRoot, String handler, Map<String, String> environment, List<String> jvmOptions)
            throws IOException {
        spawn(Path.of(System.getProperty("java.home"), "bin", "java"), taskRoot, handler, environment, jvmOptions);
    }

    public void spawn(Path java, Path taskRoot, String handler, Map<String, String> environment, List<String> jvmOptions)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", runtimeClassPath(), RIC_MAIN, handler));
        ProcessBuilder builder = new ProcessBuilder(CpuPin.apply(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(taskRoot.toFile());
        Map<String, String> env = builder.environment();
        env.putAll(lambdaEnvironment(taskRoot, handler));
        env.putAll(environment);
        spawnedAt = System.nanoTime();
        function = builder.start();
    }

    /**
     * Starts a custom runtime's function as {@code provided.al2023} does: the task root's executable
     * {@code bootstrap}, in the task root, with the runtime's environment (the handler in {@code _HANDLER}).
     */
    public void spawnBootstrap(Path taskRoot, String handler, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(CpuPin.apply(List.of(taskRoot.resolve("bootstrap").toString())))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(taskRoot.toFile());
        Map<String, String> env = builder.environment();
        env.putAll(lambdaEnvironment(taskRoot, handler));
        // Lambda sets it only on managed runtimes ("not defined for OS-only runtimes", AWS, Defined runtime
        // environment variables).
        env.remove("AWS_EXECUTION_ENV");
        env.putAll(environment);
        spawnedAt = System.nanoTime();
        function = builder.start();
    }

    /** What the managed runtime sets for every function (the subset a Java function can observe). */
    Map<String, String> lambdaEnvironment(Path taskRoot, String handler) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", handler);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "sift-contract-test");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/sift-contract-test");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/28/[$LATEST]contract");
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("TZ", ":UTC");
        return env;
    }

    /** Milliseconds since {@link #spawn} (for cold-start measurements). */
    long millisSinceSpawn() {
        return (System.nanoTime() - spawnedAt) / 1_000_000;
    }

    /** One invocation through the Runtime API: the status (200 value, 500 function error) and body. */
    public HttpResponse<String> invoke(String event) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtimeApi.getPort() + MockEventServer.POST_EVENT))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8)).build();
        var pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        // The mock holds the request until the function answers; a function that died never will.
        while (true) {
            try {
                return pending.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillWaiting) {
                if (function != null && !function.isAlive()) {
                    pending.cancel(true);
                    throw new IllegalStateException("the function's JVM exited with " + function.exitValue() + ":\n" + log());
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }
    }

    /** The init error the function reported to the Runtime API, if it reported one. */
    public java.util.Optional<String> initError() {
        return java.util.Optional.ofNullable(runtimeApi.initError.getNow(null));
    }

    /** Waits for the function's JVM to exit on its own; its exit code. */
    public int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!function.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the function's JVM did not exit within " + timeout + ":\n" + log());
        }
        return function.exitValue();
    }

    /** The log's lines that are JSON objects (JSON log lines, EMF metric lines), parsed, in order. */
    public List<JsonNode> jsonLines() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log().split("\n")) {
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    /** The request log's lines (logger sift.request), parsed. */
    public List<JsonNode> requestLines() throws IOException {
        return jsonLines().stream().filter(l -> l.path("loggerName").asText().equals("sift.request")).toList();
    }

    /** The EMF lines that count requests (not the label-mix ones), parsed. */
    public List<JsonNode> requestMetricLines() throws IOException {
        return jsonLines().stream().filter(l -> l.has("_aws") && l.has("Requests")).toList();
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Ends the function's JVM like Lambda ends an environment (SIGTERM), so JVM exit hooks run. */
    void stopFunction() throws InterruptedException {
        if (function != null) {
            function.destroy();
            if (!function.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                function.destroyForcibly().waitFor();
            }
            function = null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stopFunction();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtimeApi.close();
    }
}
