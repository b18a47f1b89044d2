package dev.sift.backlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.model.TestBundles;
import dev.sift.pipeline.CommandLineTool;
import picocli.CommandLine;

/** make classify-file on the tiny fp32 bundle (its answer per word is known): rows, errors, refusals, reruns. */
class ClassifyFileTest {
    static final String TINY = "classpath:" + TestBundles.TINY;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    record Run(int exitCode, String err) {
    }

    static Run classify(String... args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = CommandLineTool.commandLine(new ClassifyFile());
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bundle", TINY, "--no-progress"));
        return new Run(commandLine.execute(all.toArray(String[]::new)), err.toString());
    }

    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void writesOneLinePerRowInOrderWithRowErrorsApart() throws IOException {
        Path in = temp.resolve("reviews.csv");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("\uFEFFid,text,stars\nr1,很好,5\nr2,\"很差，\n\"\"真的\"\"\",1\nr3,   ,3\n\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {'r', '5', ',', (byte) 0xE5, (byte) 0xBE, ',', '2', '\n'}); // a truncated UTF-8 character
        bytes.writeBytes(("r6," + "好".repeat(101) + ",4\nr7,一般\n").getBytes(StandardCharsets.UTF_8));
        Files.write(in, bytes.toByteArray());
        Path out = temp.resolve("out/results.jsonl");

        Run run = classify(in.toString(), out.toString(), "--max-chars", "100", "--chunk-rows", "2", "--workers", "2");
        assertEquals(0, run.exitCode(), run.err());

        List<JsonNode> results = lines(out);
        assertEquals(List.of(1L, 2L, 7L), results.stream().map(n -> n.get("row").asLong()).toList());
        assertEquals(List.of("r1", "r2", "r7"), results.stream().map(n -> n.get("id").asText()).toList());
        assertEquals(List.of("positive", "negative", "neutral"), results.stream().map(n -> n.get("label").asText()).toList());
        assertEquals(3, results.get(0).get("scores").size(), "every label's score by default");
        List<JsonNode> errors = lines(ResumableOutput.errorsFile(out));
        assertEquals(List.of(3L, 4L, 5L, 6L), errors.stream().map(n -> n.get("row").asLong()).toList());
        assertEquals(List.of("blank_text", "blank_text", "invalid_encoding", "text_too_long"),
                errors.stream().map(n -> n.get("code").asText()).toList());
        assertTrue(errors.get(3).get("message").asText().contains("the limit is 100"), errors.get(3).toString());
        JsonNode progress = JSON.readTree(ResumableOutput.progressFile(out).toFile());
        assertTrue(progress.get("complete").asBoolean());
        assertEquals(7, progress.get("rowsDone").asLong());
    }

    @Test
    void readsJsonLinesAndReportsBadLinesAsRowErrors() throws IOException {
        Path in = temp.resolve("reviews.jsonl");
        Files.writeString(in, """
                {"id": 1, "text": "很好"}
                {"id": 2, "text": 42}
                {"id": 3, "text": "很差"
                {"id": 4}
                ["很好"]
                {"id": 6, "text": "服务很好！", "extra": {"nested": true}}""");
        Path out = temp.resolve("out.jsonl");
        Run run = classify(in.toString(), out.toString(), "--top-k", "1");
        assertEquals(0, run.exitCode(), run.err());
        List<JsonNode> results = lines(out);
        assertEquals(List.of(1L, 6L), results.stream().map(n -> n.get("row").asLong()).toList());
        assertEquals(1, results.get(1).get("scores").size());
        assertEquals(List.of("invalid_type", "malformed_json", "missing_field", "invalid_type"),
                lines(ResumableOutput.errorsFile(out)).stream().map(n -> n.get("code").asText()).toList());
    }

    @Test
    void refusesBadInputWithAMessageNamingTheProblem() throws IOException {
        Path out = temp.resolve("out.jsonl");
        assertRefused(classify(temp.resolve("missing.csv").toString(), out.toString()), "missing.csv");
        Path empty = Files.writeString(temp.resolve("empty.csv"), "\n  \n");
        assertRefused(classify(empty.toString(), out.toString()), "is empty");
        Path csv = Files.writeString(temp.resolve("data.csv"), "label,review\n1,很好\n");
        assertRefused(classify(csv.toString(), out.toString()), "column 'text' is not in the header of data.csv: [label, review]");
        Path jsonl = Files.writeString(temp.resolve("data.jsonl"), "{\"review\": \"很好\"}\n");
        assertRefused(classify(jsonl.toString(), out.toString()), "column 'text' is not a field of row 1 of data.jsonl: [review]");
        Path jsonAsCsv = Files.writeString(temp.resolve("mixed.csv"), "{\"text\": \"很好\"}\n");
        assertRefused(classify(jsonAsCsv.toString(), out.toString()), "looks like JSON lines");
        Path csvAsJson = Files.writeString(temp.resolve("mixed.jsonl"), "text\n很好\n");
        assertRefused(classify(csvAsJson.toString(), out.toString()), "it looks like CSV");
        assertFalse(Files.exists(out), "a refused job writes nothing");
    }

    @Test
    void neverOverwritesResultsUnlessToldTo() throws IOException {
        Path in = Files.writeString(temp.resolve("a.csv"), "text\n很好\n很差\n");
        Path out = Files.writeString(temp.resolve("out.jsonl"), "earlier results\n");
        assertRefused(classify(in.toString(), out.toString()), "already exists and is not a resumable run");
        assertEquals("earlier results\n", Files.readString(out));

        assertEquals(0, classify(in.toString(), out.toString(), "--overwrite").exitCode());
        assertEquals(2, lines(out).size());
        String done = Files.readString(out);
        Run again = classify(in.toString(), out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(done, Files.readString(out), "rerunning a complete job changes nothing");

        Path other = Files.writeString(temp.resolve("b.csv"), "text\n一般\n");
        assertRefused(classify(other.toString(), out.toString()), "holds the output of another job");
        assertRefused(classify(in.toString(), out.toString(), "--top-k", "1"), "holds the output of another job");
    }

    private static void assertRefused(Run run, String expected) {
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains(expected), "expected '" + expected + "' in: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }
}
