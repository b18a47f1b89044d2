package dev.sift.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The packaged application, started as make run starts it (src/serving/bin/run.sh), says where its cold start went, in one INFO line
 * written once, at the first classify answer: each step a number, the steps of the model load
 * thread no longer than the whole.
 */
class StartupBreakdownIT {
    /** src/serving/bin/run.sh, found from the packaged app (target/quarkus-app/quarkus-run.jar of this module). */
    private static final Path RUN_SCRIPT = Path.of(System.getProperty("test.app.jar", "src/serving/target/quarkus-app/quarkus-run.jar"))
            .toAbsolutePath().getParent().getParent().getParent().resolve("bin/run.sh");
    private static final Pattern LINE = Pattern.compile("cold start: JVM start to main (\\d+) ms; configuration (\\d+) ms; ONNX Runtime natives (\\d+) ms;"
            + " model load thread: bundle read (\\d+) ms \\(integrity check (\\d+) ms of it\\), ORT environment (\\d+) ms,"
            + " session (\\d+) ms, first inference (\\d+) ms; Quarkus boot (\\d+) ms; first answer (\\d+) ms after main,"
            + " (\\d+) ms after JVM start");

    @Test
    void theFirstAnswerLogsOneLineWithEveryStep() throws Exception {
        Path work = Files.createDirectories(Path.of("target/startup-breakdown-" + UUID.randomUUID()).toAbsolutePath());
        Path log = work.resolve("app.log");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // As make run starts it: src/serving/bin/run.sh (this module's bin/), with this JVM.
        ProcessBuilder builder = new ProcessBuilder("bash", RUN_SCRIPT.toAbsolutePath().toString(), "-Dquarkus.http.port=" + port,
                "-XX:+PrintFlagsFinal")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("SIFT_FEEDBACK_STORE", "file:" + work.resolve("feedback"));
        long spawned = System.nanoTime();
        Process app = builder.start();
        long firstAnswerSeen = 0;
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            int answers = 0;
            while (answers < 2) {
                try {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/classify"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"texts\": [\"房间干净\"]}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, answer.statusCode(), answer.body());
                    if (answers++ == 0) {
                        firstAnswerSeen = System.nanoTime();
                    }
                } catch (java.io.IOException notYet) {
                    assertTrue(app.isAlive() && System.nanoTime() < deadline, Files.readString(log));
                    Thread.sleep(100);
                }
            }
            Thread.sleep(300);
            String output = Files.readString(log);
            Matcher line = LINE.matcher(output);
            assertTrue(line.find(), output);
            assertTrue(!line.find(), "logged once, at the first answer only:\n" + output);
            line = LINE.matcher(output);
            line.find();
            long[] step = new long[12];
            for (int g = 1; g <= 11; g++) {
                step[g] = Long.parseLong(line.group(g));
            }
            long firstAnswerAfterMain = step[10];
            assertEquals(0, step[5], "the packaged bundle is verified at build time:\n" + output);
            // The model beside the launcher jar that holds it (dev.sift.model.PackagedCopy): ONNX Runtime reads it from its path;
            // the tokenizer from the form the build compiled (dev.sift.model.CompilePackagedTokenizer).
            assertTrue(Pattern.compile("model: file \\S+/quarkus-app/sift-run\\.jar\\.files/sift/bundles/default/model\\.onnx; tokenizer from tokenizer\\.bin")
                    .matcher(output).find(), "the model beside the jar, the tokenizer compiled at build time:\n" + output);
            long loadThread = step[2] + step[3] + step[4] + step[6] + step[7] + step[8];
            assertTrue(loadThread <= firstAnswerAfterMain && step[9] <= firstAnswerAfterMain,
                    "both threads end before the first answer:\n" + line.group());
            assertTrue(step[11] >= firstAnswerAfterMain, line.group());
            // "after JVM start" is the process's age from /proc (ProcessAge), so it cannot exceed what this
            // test saw from spawn to the answer (10 ms ticks on both of /proc's clocks, hence the slack).
            long seen = (firstAnswerSeen - spawned) / 1_000_000;
            assertTrue(step[11] <= seen + 30, "the line says " + step[11] + " ms after JVM start, the test saw " + seen + " ms: " + line.group());
            // run.sh runs the JVM with C1 only (-XX:TieredStopAtLevel=1; the flags it printed at start).
            assertTrue(Pattern.compile("intx TieredStopAtLevel\\s+= 1 ").matcher(output).find(), "C1 only:\n" + output.lines()
                    .filter(l -> l.contains("TieredStopAtLevel")).toList());
            // make run's artifact loads ONNX Runtime from the copy beside its jar (OnnxRuntimeNatives.useBesideApplication).
            assertTrue(Pattern.compile("ONNX Runtime libraries from \\S+/quarkus-app/onnxruntime/linux-(x64|aarch64)").matcher(output).find(), output);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }
}
