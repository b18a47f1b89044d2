package dev.sift.feedback;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real S3-compatible server for the tests: s3mock (com.adobe.testing:s3mock exec jar, copied to
 * target/s3mock by the build) as a separate process on 127.0.0.1 and free ports, one per test
 * JVM, stopped when the JVM exits. The Quarkus tests load this class in another class loader, so
 * the running server is found through a system property, not a static field.
 *
 * <p>The tests talk plain HTTP to 127.0.0.1. Note that s3mock 5.2.0 applies
 * {@code --server.address} only to its HTTPS connector: its HTTP connector listens on all
 * interfaces (a free, random port, for the life of the test JVM), and it cannot be switched off.
 */
public final class S3MockServer {
    public static final String BUCKET = "sift-feedback";
    private static final String ENDPOINT_PROPERTY = "test.s3mock.endpoint";
    private static final String ROOT_PROPERTY = "test.s3mock.root";
    private static final String JVM_OPTIONS_PROPERTY = "test.s3mock.jvm-options";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private S3MockServer() {
    }

    /** The endpoint (http://127.0.0.1:port) of the JVM's s3mock, started on first use; the bucket exists. */
    public static synchronized URI endpoint() {
        String running = System.getProperty(ENDPOINT_PROPERTY);
        if (running != null) {
            return URI.create(running);
        }
        URI endpoint = start();
        System.setProperty(ENDPOINT_PROPERTY, endpoint.toString());
        return endpoint;
    }

    /** The directory the JVM's s3mock keeps its buckets in (PrepareFeedbackBench fills it directly). */
    public static Path root() {
        endpoint();
        return Path.of(System.getProperty(ROOT_PROPERTY));
    }

    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret"));
    }

    private static URI start() {
        Path jar = Path.of(System.getProperty("test.s3mock.jar", "target/s3mock/s3mock-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: the build copies it in generate-test-resources");
        }
        try {
            int httpPort = freePort();
            int httpsPort = freePort();
            Path root = Files.createTempDirectory("sift-s3mock");
            System.setProperty(ROOT_PROPERTY, root.toString());
            Path log = jar.resolveSibling("s3mock-" + httpPort + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // C1 only: s3mock is Spring Boot, and on two cores the full JIT doubles its start-up (~10 s).
            // A benchmark that sends it tens of thousands of requests sets test.s3mock.jvm-options.
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(List.of(System.getProperty(JVM_OPTIONS_PROPERTY, "-XX:TieredStopAtLevel=1 -Xmx256m").split(" ")));
            command.addAll(List.of("-jar", jar.toString(), "--server.address=127.0.0.1", "--server.port=" + httpsPort,
                    "--com.adobe.testing.s3mock.httpPort=" + httpPort,
                    "--com.adobe.testing.s3mock.store.initialBuckets=" + BUCKET,
                    "--com.adobe.testing.s3mock.store.root=" + root, "--spring.main.banner-mode=off"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "s3mock-stop"));
            URI endpoint = URI.create("http://127.0.0.1:" + httpPort);
            awaitBucket(process, endpoint, log);
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException("s3mock did not start", e);
        }
    }

    private static void awaitBucket(Process process, URI endpoint, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/" + BUCKET + "?list-type=2"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3mock exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for s3mock", e);
            }
            sleep(250);
        }
        stop(process);
        throw new IllegalStateException("s3mock did not answer within " + START_TIMEOUT + "; see " + log);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
