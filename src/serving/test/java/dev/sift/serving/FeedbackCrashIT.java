package dev.sift.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import dev.sift.feedback.FeedbackJson;
import dev.sift.feedback.FeedbackLayout;
import dev.sift.feedback.FeedbackRecord;
import dev.sift.feedback.FileFeedbackStore;

import org.junit.jupiter.api.Test;

/**
 * The packaged application (target/quarkus-app) with a file store, killed with SIGKILL while four
 * clients stream feedback at it. Afterwards every record file is complete JSON, every post that
 * was answered 200 is stored, and a restarted app stores the posts that were in flight when their
 * clients retry them, each exactly once.
 */
class FeedbackCrashIT {
    private static final Path APP = Path.of(System.getProperty("test.app.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final int WRITERS = 4;
    private static final int KILL_AFTER_ACKS = 300;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aKilledAppLeavesOnlyCompleteRecordsAndEveryAcknowledgedOne() throws Exception {
        Path store = Files.createDirectories(Path.of("target/feedback-tests/crash-" + UUID.randomUUID())).toAbsolutePath();
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();

        int port = freePort();
        Process app = start(store, port, "first");
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                for (int n = 0; !stop.get(); n++) {
                    String id = "crash-" + writer + "-" + n;
                    attempted.add(id);
                    try {
                        if (post(port, id).statusCode() == 200) {
                            acknowledged.add(id);
                        }
                    } catch (IOException e) {
                        return; // the server is gone
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "writer-" + w);
            thread.start();
            writers.add(thread);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < KILL_AFTER_ACKS && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        app.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush, writes cut wherever they are
        app.waitFor(10, TimeUnit.SECONDS);
        stop.set(true);
        for (Thread thread : writers) {
            thread.join(10_000);
        }
        assertTrue(acknowledged.size() >= KILL_AFTER_ACKS, "only " + acknowledged.size() + " posts were acknowledged");

        Map<String, String> records = readRecords(store);
        Set<String> inFlight = new HashSet<>(attempted);
        inFlight.removeAll(acknowledged);
        long tempFiles = count(store.resolve(".tmp"));
        long markers = count(store.resolve("ids"));
        System.out.printf("killed after %d acknowledged posts; %d in flight; %d records, %d markers, %d temp files left%n",
                acknowledged.size(), inFlight.size(), records.size(), markers, tempFiles);
        for (String id : acknowledged) {
            assertTrue(records.containsKey(id), "acknowledged " + id + " is missing");
        }
        assertTrue(attempted.containsAll(records.keySet()));
        try (FileFeedbackStore reader = new FileFeedbackStore(store)) {
            assertEquals(records.size(), reader.recordKeys().size(), "the store lists exactly the complete records");
        }

        // The clients whose posts were cut off retry them against a restarted app.
        Process again = start(store, port, "second");
        try {
            for (String id : inFlight) {
                assertEquals(200, post(port, id).statusCode(), id);
            }
            String acked = acknowledged.iterator().next();
            assertTrue(post(port, acked).body().contains("\"duplicate\":true"), "a retry of an acknowledged post");
        } finally {
            again.destroy();
            again.waitFor(20, TimeUnit.SECONDS);
        }
        Map<String, String> after = readRecords(store);
        assertEquals(attempted, after.keySet(), "every post, acknowledged or retried, is stored exactly once");
    }

    /** Every file in a date partition, parsed; fails on anything that is not a complete record named by its id. */
    private static Map<String, String> readRecords(Path store) throws IOException {
        Map<String, String> records = new HashMap<>();
        try (Stream<Path> files = Files.walk(store)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = store.relativize(file).toString();
                if (relative.startsWith("ids/") || relative.startsWith(".tmp/")) {
                    continue;
                }
                assertTrue(FeedbackLayout.isRecordKey(relative), "unexpected file " + relative);
                FeedbackRecord record = FeedbackJson.read(Files.readAllBytes(file));
                assertTrue(relative.endsWith("/" + record.id() + ".json"), relative);
                assertEquals(null, records.put(record.id(), relative), "two records for " + record.id());
            }
        }
        return records;
    }

    private HttpResponse<String> post(int port, String id) throws IOException, InterruptedException {
        String body = "{\"id\": \"" + id + "\", \"text\": \"崩溃测试 " + id + "：服务一般，隔音差\", \"label\": \"negative\","
                + " \"source\": \"crash-test\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/feedback"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Process start(Path store, int port, String name) throws Exception {
        assertTrue(Files.isRegularFile(APP), APP + " not built: run mvn verify (the package phase builds it)");
        Path log = store.resolveSibling(store.getFileName() + "-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", APP.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SIFT_FEEDBACK_STORE", "file:" + store);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("SIFT_INFERENCE_INTRA_OP_THREADS", "1");
        Process process = builder.start();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the app was not ready within 90 s; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
