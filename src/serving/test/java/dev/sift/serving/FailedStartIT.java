package dev.sift.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packaged application (target/quarkus-app) refused at start-up while its early model load is
 * still creating the ONNX session. If the JVM exits then, ONNX Runtime's native code runs on while
 * its libraries' globals are torn down (once it died with SIGSEGV in OrtSession.createSession); a
 * failed start must instead end with its reason and exit code 1, after the load has ended.
 */
class FailedStartIT {
    private static final Path APP = Path.of(System.getProperty("test.app.jar", "target/quarkus-app/quarkus-run.jar"));
    /** A classifier whose session takes seconds to create (make_tiny_classifier.py), so the refusal comes first. */
    private static final Path SLOW_SESSION_BUNDLE = Path.of("src/core/test/resources/bundles/slow-session-classifier");

    @Test
    void anUnknownSettingWhileTheSessionIsBeingCreatedExitsWith1AndItsReasonAfterTheLoadEnded() throws Exception {
        assertTrue(Files.isRegularFile(APP), APP + " not built: run mvn verify (the package phase builds it)");
        Path work = Files.createDirectories(Path.of("target/failed-start-" + UUID.randomUUID()).toAbsolutePath());
        Path log = work.resolve("app.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ErrorFile=" + work.resolve("hs_err_pid%p.log"), "-Dsift.no-such-setting=1", "-jar",
                APP.toAbsolutePath().toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SIFT_MODEL_BUNDLE", SLOW_SESSION_BUNDLE.toAbsolutePath().toString());
        builder.environment().put("SIFT_INFERENCE_INTRA_OP_THREADS", "1");
        builder.environment().put("SIFT_FEEDBACK_STORE", "file:" + work.resolve("feedback"));
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        Process app = builder.start();
        if (!app.waitFor(120, TimeUnit.SECONDS)) {
            app.destroyForcibly().waitFor();
            throw new AssertionError("the refused start did not exit within 120 s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);

        assertEquals(1, app.exitValue(), output);
        assertTrue(output.contains("SRCFG00050: sift.no-such-setting in SysPropConfigSource does not map to any root"),
                output);
        assertTrue(output.contains("start-up failed while the model load was still running; it ended"), output);
        try (Stream<Path> files = Files.list(work)) {
            List<String> crashLogs = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hs_err")).toList();
            assertEquals(List.of(), crashLogs, output);
        }
    }
}
