package dev.sift.backlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The resume guarantee under a real SIGKILL: the job runs in a JVM of its own, is killed once its
 * checkpoint shows it mid-way, and the same command run again must leave exactly the output of a
 * run that was never interrupted, every row once.
 */
class ClassifyFileKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 60_000;

    @TempDir
    Path temp;

    @Test
    void aRerunAfterSigkillContinuesWithNoRowMissingOrDuplicated() throws Exception {
        Path in = temp.resolve("backlog.jsonl");
        StringBuilder lines = new StringBuilder();
        String[] words = {"很好", "很差", "一般", "服务很好！", "房间好", "   "};
        for (int i = 1; i <= ROWS; i++) {
            lines.append("{\"id\": \"t").append(i).append("\", \"text\": \"").append(words[i % words.length])
                    .append("\"}\n");
        }
        Files.writeString(in, lines);
        Path out = temp.resolve("results.jsonl");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClassifyFile.class.getName(), in.toString(), out.toString(),
                "--bundle", ClassifyFileTest.TINY, "--chunk-rows", "100", "--workers", "2", "--no-progress");

        Process first = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        long rowsAtKill = waitForCheckpointPast(ResumableOutput.progressFile(out), 2_000, first);
        first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        long checkpointed = JSON.readTree(ResumableOutput.progressFile(out).toFile()).get("rowsDone").asLong();
        assertTrue(checkpointed < ROWS, "killed too late to test a resume: " + checkpointed + " rows done");
        // What a kill between a write and its checkpoint leaves (here made certain): rows past the
        // checkpoint, the last one torn. The rerun must drop them, not keep or duplicate them.
        Files.writeString(out, "{\"row\":" + (checkpointed + 1) + ",\"id\":\"t" + (checkpointed + 1)
                + "\",\"label\":\"positive\"}\n{\"row\":" + (checkpointed + 2) + ",\"lab", java.nio.file.StandardOpenOption.APPEND);

        Process second = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(second.getInputStream().readAllBytes());
        assertTrue(second.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), log);
        assertTrue(log.contains("resuming " + out + " after row"), log);

        List<Long> seen = new ArrayList<>();
        rows(out).forEach(n -> seen.add(n.get("row").asLong()));
        rows(ResumableOutput.errorsFile(out)).forEach(n -> seen.add(n.get("row").asLong()));
        assertEquals(ROWS, seen.size(), "every row once (killed after about row " + rowsAtKill + ")");
        assertEquals(ROWS, new TreeSet<>(seen).size(), "no row twice");
        for (JsonNode result : rows(out)) {
            assertEquals("t" + result.get("row").asLong(), result.get("id").asText(), "each result is its own row's");
        }

        Path clean = temp.resolve("clean.jsonl");
        assertEquals(0, ClassifyFileTest.classify(in.toString(), clean.toString(), "--chunk-rows", "100").exitCode());
        assertEquals(Files.readString(clean), Files.readString(out), "the resumed output is the uninterrupted one");
        assertEquals(Files.readString(ResumableOutput.errorsFile(clean)), Files.readString(ResumableOutput.errorsFile(out)));
    }

    /** Polls the checkpoint until it shows more than {@code rows} rows, and returns its count. */
    private static long waitForCheckpointPast(Path progress, long rows, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "the job ended before it could be killed");
            if (Files.exists(progress)) {
                try {
                    long done = JSON.readTree(progress.toFile()).get("rowsDone").asLong();
                    if (done > rows) {
                        return done;
                    }
                } catch (IOException replacedWhileRead) {
                    // the rename is atomic, but the file may vanish between exists() and the read on some file systems
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no checkpoint past row " + rows + " within 120 s");
    }

    private static List<JsonNode> rows(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}
