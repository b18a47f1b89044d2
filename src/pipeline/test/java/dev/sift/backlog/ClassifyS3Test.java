package dev.sift.backlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sift.feedback.S3MockServer;
import dev.sift.pipeline.CommandLineTool;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * make classify-s3's checks, on s3mock: what it refuses before it starts anything. Starting and
 * following executions needs Step Functions itself, which does not run here (README, limits).
 */
class ClassifyS3Test {
    private static final String BUCKET = S3MockServer.BUCKET;
    private static S3Client s3;
    private final String job = UUID.randomUUID() + "/";

    @BeforeAll
    static void connect() {
        s3 = new S3Connection(Optional.of(S3MockServer.endpoint()), S3Connection.region(Optional.of("us-east-1")), true,
                S3MockServer.credentials()).client();
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
    }

    @AfterAll
    static void close() {
        s3.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /** {@code input/x} → {@code input/<this test's id>/x}: each test has its own objects in the one bucket. */
    private String key(String relative) {
        int slash = relative.indexOf('/');
        return relative.substring(0, slash + 1) + job + relative.substring(slash + 1);
    }

    private void put(String relative) {
        s3.putObject(b -> b.bucket(BUCKET).key(key(relative)), RequestBody.fromString("{\"text\": \"很好\"}\n"));
    }

    private S3Uri uri(String relative) {
        return S3Uri.parse("s3://" + BUCKET + "/" + key(relative), "test");
    }

    @Test
    void plansOneExecutionPerObjectWithItsOwnOutputPrefix() {
        put("input/2026/b.jsonl");
        put("input/a.jsonl");
        s3.putObject(b -> b.bucket(BUCKET).key(key("input/")), RequestBody.empty()); // a console "folder"
        S3Backlog backlog = S3Backlog.list(s3, uri("input/"));
        assertEquals(InputFormat.JSONL, backlog.format());
        assertEquals(List.of(key("input/2026/b.jsonl"), key("input/a.jsonl")), backlog.keys());
        List<Map<String, String>> inputs = backlog.executionInputs(uri("output/run-1/"), "review", "id");
        assertEquals(Map.of("bucket", BUCKET, "key", key("input/2026/b.jsonl"), "format", "jsonl", "column", "review",
                "idColumn", "id", "outputPrefix", key("output/run-1/2026/b.jsonl/")), inputs.get(0));
        assertEquals(key("output/run-1/a.jsonl/"), inputs.get(1).get("outputPrefix"));
    }

    @Test
    void refusesAnEmptyOrMixedInputPrefix() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> S3Backlog.list(s3, uri("input/")))
                .getMessage().contains("holds no objects"));
        put("input/a.csv");
        put("input/b.jsonl");
        String mixed = assertThrows(IllegalArgumentException.class, () -> S3Backlog.list(s3, uri("input/"))).getMessage();
        assertTrue(mixed.contains("mixes formats: 1 .csv and 1 .jsonl"), mixed);
        put("other/notes.txt");
        String other = assertThrows(IllegalArgumentException.class, () -> S3Backlog.list(s3, uri("other/"))).getMessage();
        assertTrue(other.contains("neither .csv nor .jsonl") && other.contains("notes.txt"), other);
    }

    @Test
    void refusesAnOutputPrefixThatHoldsResultsAndBadPrefixesBeforeStartingAnything() {
        put("input/a.jsonl");
        put("output/earlier/SUCCEEDED_0.json");
        String in = uri("input/").toString();
        Run full = run(in, uri("output/").toString());
        assertEquals(1, full.exitCode(), full.err());
        assertTrue(full.err().contains("already holds 1 object(s)") && full.err().contains("--overwrite"), full.err());

        Run otherBucket = run(in, "s3://another-bucket/output/");
        assertEquals(2, otherBucket.exitCode(), otherBucket.err());
        assertTrue(otherBucket.err().contains("OUT must be in IN's bucket"), otherBucket.err());
        Run outsideLayout = run(in, "s3://" + BUCKET + "/results/");
        assertEquals(2, outsideLayout.exitCode(), outsideLayout.err());
        assertTrue(outsideLayout.err().contains("OUT under s3://" + BUCKET + "/output/"), outsideLayout.err());
    }

    record Run(int exitCode, String err) {
    }

    private static Run run(String in, String out) {
        StringWriter err = new StringWriter();
        CommandLine cli = CommandLineTool.commandLine(new ClassifyS3()).setErr(new PrintWriter(err, true));
        int exit = cli.execute(in, out, "--state-machine", "arn:aws:states:us-east-1:123456789012:stateMachine:x",
                "--s3-endpoint", S3MockServer.endpoint().toString());
        return new Run(exit, err.toString());
    }
}
