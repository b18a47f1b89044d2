package dev.sift.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs the Python trainer's scripts ({@code src/training/*.py}) from tests with Debian's
 * {@code /usr/bin/python3}. {@code make test} installs python3-torch and python3-onnx first; a
 * machine without them skips these tests, saying why.
 */
public final class TrainerScripts {
    public static final Path DIR = Path.of("src", "training").toAbsolutePath();
    public static final Path ENCODER = Path.of("target", "bge-small-zh", "bge-small-zh-v1.5-q.onnx").toAbsolutePath();
    public static final Path ENCODER_TOKENIZER = Path.of("target", "bge-small-zh", "bge-small-zh-v1.5-q-tokenizer.json")
            .toAbsolutePath();
    private static final String PYTHON = System.getProperty("sift.python", "/usr/bin/python3");
    private static Boolean available;

    /** Combined stdout and stderr of a finished script. */
    public record Result(int exitCode, String output) {
    }

    private TrainerScripts() {
    }

    public static synchronized void assumeTorch() {
        if (available == null) {
            try {
                available = run(60, "-c", "import torch, onnx, numpy").exitCode() == 0;
            } catch (IOException e) {
                available = false;
            }
        }
        Assumptions.assumeTrue(available, PYTHON + " with torch, onnx and numpy not found (make test installs "
                + "python3-torch python3-onnx python3-numpy with apt): trainer test skipped");
    }

    /** Runs {@code python3 ARGS...} in src/training, echoing its output, and returns exit code and output. */
    public static Result run(long timeoutSeconds, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.addAll(List.of(args));
        Path log = Files.createTempFile("sift-trainer", ".log");
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        System.out.print(output);
        return new Result(process.exitValue(), output);
    }
}
