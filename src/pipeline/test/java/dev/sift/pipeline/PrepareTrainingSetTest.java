package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.feedback.FeedbackRecord;
import dev.sift.feedback.FeedbackStore;
import dev.sift.feedback.S3MockServer;
import dev.sift.feedback.FeedbackStores;
import dev.sift.feedback.FileFeedbackStore;

class PrepareTrainingSetTest {
    private static final Path HTL = Path.of("..", "shared", "data", "htl");
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

    @TempDir
    Path temp;

    private static FeedbackRecord feedback(String id, String text, String label, int minutesAfterT0, String source) {
        return new FeedbackRecord(FeedbackRecord.SCHEMA_VERSION, id, text, label, null, null, null, source, Map.of(),
                T0.plusSeconds(60L * minutesAfterT0), null);
    }

    private PrepareTrainingSet.Options options(Path data, Path store, Path out, String labelColumn, String textColumn) {
        return new PrepareTrainingSet.Options(data, "file:" + store, out, labelColumn, textColumn, 10, 10,
                Map.of("negative", "0", "positive", "1"), FeedbackStores.S3Options.defaults());
    }

    private static JsonNode manifest(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    }

    /** Every output row, text → "split:label". */
    private static Map<String, String> outputs(Path out) throws IOException {
        Map<String, String> rows = new HashMap<>();
        for (String split : List.of("train", "val", "test")) {
            for (LabeledCsv.Row row : LabeledCsv.read(out.resolve(split + ".csv"), "label", "text")) {
                assertEquals(null, rows.put(row.text(), split + ":" + row.label()), "text twice in the output: " + row.text());
            }
        }
        return rows;
    }

    @Test
    void mergesFeedbackIntoABaseCsvAndAccountsForEveryInput() throws Exception {
        Path data = temp.resolve("base.csv");
        Files.writeString(data, "\uFEFFid,review,stars,sentiment\r\n"
                + "1,房间干净，服务热情,5,1\r\n"
                + "2,\"隔音差, 一夜没睡\",1,0\r\n"
                + "3,  房间干净，服务热情  ,5,1\r\n"          // duplicate up to spacing
                + "4,ＷｉＦｉ很快,4,1\r\n"
                + "5,WiFi很快,4,0\r\n"                          // duplicate up to width, other label
                + "6,   ,3,1\r\n"                               // empty text
                + "7,早餐一般,3,\r\n"                           // empty label
                + "8,只有两列\r\n"                               // missing fields
                + "9,\"前台说\"\"没空房\"\"\n换了一家\",2,0\r\n", StandardCharsets.UTF_8);
        Path storeDir = temp.resolve("feedback");
        try (FileFeedbackStore store = new FileFeedbackStore(storeDir)) {
            store.save(feedback("f1", "隔音差, 一夜没睡", "positive", 1, "app"));    // conflicting with f2 on the same text
            store.save(feedback("f2", "隔音差,  一夜没睡", "negative", 5, "web"));   // the most recent: confirms base 0
            store.save(feedback("f3", "房间干净，服务热情", "negative", 2, "app"));   // overrides base 1 -> 0
            store.save(feedback("f4", "停车场太小", "negative", 3, "app"));          // new example
            store.save(feedback("f5", "早餐品种多", "negative", 4, "web"));          // new, conflicting with f6
            store.save(feedback("f6", "早餐品种多", "positive", 9, "web"));          // wins: most recent
            store.save(feedback("f7", "前台很专业", "neutral", 6, null));             // a label the base data lacks
        }
        Files.writeString(storeDir.resolve("dt=2026-05-01/torn.json"), "{\"schemaVersion\": 1, \"id\": \"to");
        Path out = temp.resolve("out");

        PrepareTrainingSet.prepare(options(data, storeDir, out, "sentiment", "review"));

        Map<String, String> rows = outputs(out);
        assertEquals(7, rows.size(), rows.toString());
        assertTrue(rows.get("房间干净，服务热情").endsWith(":0"), "feedback overrides the base label");
        assertTrue(rows.get("隔音差, 一夜没睡").endsWith(":0"), "the most recent feedback wins");
        assertTrue(rows.get("ＷｉＦｉ很快").endsWith(":1"), "the first base row of a text is kept");
        assertTrue(rows.get("前台说\"没空房\"\n换了一家").endsWith(":0"));
        assertTrue(rows.get("停车场太小").endsWith(":0"));
        assertTrue(rows.get("早餐品种多").endsWith(":1"));
        assertTrue(rows.get("前台很专业").endsWith(":neutral"));

        JsonNode manifest = manifest(out);
        assertEquals("hash-split", manifest.path("mode").asText());
        assertEquals(9, manifest.path("inputs").path("baseRows").asInt());
        assertEquals(8, manifest.path("inputs").path("feedbackRecords").asInt());
        JsonNode skipped = manifest.path("skipped").path("byReason");
        assertEquals(2, skipped.path("base:duplicate_text").asInt());
        assertEquals(1, skipped.path("base:empty_text").asInt());
        assertEquals(1, skipped.path("base:empty_label").asInt());
        assertEquals(1, skipped.path("base:missing_fields").asInt());
        assertTrue(manifest.path("skipped").path("examples").toString()
                .contains("{\"reason\":\"base:missing_fields\",\"input\":\"base.csv:9\"}"),
                "id 8 is row 9, the header being row 1: " + manifest.path("skipped").path("examples"));
        assertEquals(1, skipped.path("feedback:unparseable").asInt());
        assertEquals(1, manifest.path("baseLabelConflicts").path("count").asInt());
        JsonNode fb = manifest.path("feedback");
        assertEquals(3, fb.path("newExamples").asInt());
        assertEquals(1, fb.path("labelOverrides").path("count").asInt());
        assertEquals(1, fb.path("confirmations").asInt());
        assertEquals(2, fb.path("superseded").asInt());
        assertEquals(2, fb.path("conflicts").path("count").asInt());
        assertEquals("[\"neutral\"]", fb.path("newLabels").toString());
        JsonNode accounting = manifest.path("accounting");
        assertEquals(17, accounting.path("inputs").asInt());
        assertEquals(7, accounting.path("outputs").asInt());
        assertEquals(6, accounting.path("dropped").asInt());
        assertEquals(4, accounting.path("merged").asInt()); // 1 override + 1 confirmation + 2 superseded
        assertTrue(accounting.path("balanced").asBoolean());
        assertEquals("{\"base\":2,\"feedback:(none)\":1,\"feedback:app\":2,\"feedback:web\":2}",
                manifest.path("sources").toString());
        assertEquals(64, manifest.path("outputs").path("train").path("sha256").asText().length());
        assertEquals(64, manifest.path("inputs").path("files").get(0).path("sha256").asText().length());
    }

    @Test
    void rebuildsAreIdenticalAndMoreFeedbackNeverMovesAnExampleBetweenSplits() throws Exception {
        Path data = temp.resolve("base.csv");
        StringBuilder csv = new StringBuilder("label,text\n");
        for (int i = 0; i < 400; i++) {
            csv.append(i % 2).append(",第").append(i).append("条评论：").append(i % 2 == 0 ? "差" : "好").append('\n');
        }
        Files.writeString(data, csv);
        Path storeDir = temp.resolve("feedback");
        try (FileFeedbackStore store = new FileFeedbackStore(storeDir)) {
            for (int i = 0; i < 50; i++) {
                store.save(feedback("a" + i, "新反馈" + i, i % 2 == 0 ? "negative" : "positive", i, "app"));
            }
        }
        PrepareTrainingSet.prepare(options(data, storeDir, temp.resolve("one"), "label", "text"));
        PrepareTrainingSet.prepare(options(data, storeDir, temp.resolve("two"), "label", "text"));
        for (String split : List.of("train.csv", "val.csv", "test.csv")) {
            assertEquals(-1L, Files.mismatch(temp.resolve("one").resolve(split), temp.resolve("two").resolve(split)), split);
        }
        Map<String, String> before = outputs(temp.resolve("one"));
        try (FileFeedbackStore store = new FileFeedbackStore(storeDir)) {
            for (int i = 0; i < 100; i++) {
                store.save(feedback("b" + i, "更多反馈" + i, "positive", 100 + i, "web"));
            }
            store.save(feedback("b-flip", "第3条评论：好", "negative", 300, "web")); // a label change keeps the split
        }
        PrepareTrainingSet.prepare(options(data, storeDir, temp.resolve("three"), "label", "text"));
        Map<String, String> after = outputs(temp.resolve("three"));
        for (Map.Entry<String, String> row : before.entrySet()) {
            String split = row.getValue().substring(0, row.getValue().indexOf(':'));
            assertTrue(after.get(row.getKey()).startsWith(split + ":"), row.getKey() + " moved: " + row.getValue()
                    + " -> " + after.get(row.getKey()));
        }
        assertTrue(after.get("第3条评论：好").endsWith(":0"));
        int test = (int) after.values().stream().filter(v -> v.startsWith("test:")).count();
        assertTrue(test > 20 && test < 90, "about 10% of 550 in test, got " + test);
    }

    @Test
    void canonicalSplitsKeepEveryBaseRowInItsSplitAndTheTestSetFrozen() throws Exception {
        Path data = Files.createDirectories(temp.resolve("canonical"));
        Files.writeString(data.resolve("train.csv"), "label,text\n1,训练一\n0,训练二\n1,测试一\n");
        Files.writeString(data.resolve("val.csv"), "label,text\n0,验证一\n");
        Files.writeString(data.resolve("test.csv"), "label,text\n1,测试一\n0,测试二\n");
        Path storeDir = temp.resolve("feedback");
        try (FileFeedbackStore store = new FileFeedbackStore(storeDir)) {
            store.save(feedback("c1", "训练二", "positive", 1, "app"));
            store.save(feedback("c2", "全新的一条", "negative", 2, "app"));
        }
        Path out = temp.resolve("out");
        PrepareTrainingSet.prepare(options(data, storeDir, out, "label", "text"));
        Map<String, String> rows = outputs(out);
        assertEquals("train:1", rows.get("训练一"));
        assertEquals("train:1", rows.get("训练二"), "overridden in place, in its split");
        assertEquals("val:0", rows.get("验证一"));
        assertEquals("test:1", rows.get("测试一"), "a text in train and test stays in test");
        assertEquals("test:0", rows.get("测试二"));
        assertTrue(rows.containsKey("全新的一条"));
        assertEquals("canonical-splits", manifest(out).path("mode").asText());
        assertTrue(manifest(out).path("accounting").path("balanced").asBoolean());
    }

    @Test
    void readsFeedbackFromAnS3Store() throws Exception {
        // prepare takes S3 credentials from the AWS default chain, here the aws.* system properties
        if (System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "test-key");
            System.setProperty("aws.secretAccessKey", "test-secret");
        }
        String uri = "s3://" + S3MockServer.BUCKET + "/prepare-" + UUID.randomUUID();
        FeedbackStores.S3Options s3 = new FeedbackStores.S3Options(Optional.of(S3MockServer.endpoint()),
                Optional.of("us-east-1"), true);
        try (FeedbackStore store = FeedbackStores.open(uri, s3, S3MockServer.credentials())) {
            store.save(feedback("s1", "床太硬", "negative", 1, "app"));
            store.save(feedback("s2", "床太硬", "positive", 2, "web"));
            store.save(feedback("s3", "隔音不错", "positive", 3, "app"));
        }
        Path data = temp.resolve("base.csv");
        Files.writeString(data, "label,text\n1,床太硬\n");
        Path out = temp.resolve("out");
        PrepareTrainingSet.prepare(new PrepareTrainingSet.Options(data, uri, out, "label", "text", 10, 10,
                Map.of("negative", "0", "positive", "1"), s3));
        Map<String, String> rows = outputs(out);
        assertTrue(rows.get("床太硬").endsWith(":1"), "the most recent of two conflicting corrections");
        assertTrue(rows.get("隔音不错").endsWith(":1"));
        JsonNode manifest = manifest(out);
        assertEquals(3, manifest.path("inputs").path("feedbackRecords").asInt());
        assertEquals(1, manifest.path("feedback").path("conflicts").path("count").asInt());
        assertTrue(manifest.path("inputs").path("feedbackStore").path("location").asText().startsWith("s3://"));
        assertTrue(manifest.path("accounting").path("balanced").asBoolean());
    }

    @Test
    void htlTrainPlusCorrectionsAccountsForEveryRow() throws Exception {
        Path train = HTL.resolve("train.csv");
        Assumptions.assumeTrue(Files.exists(train), "../shared/data/htl/train.csv not found: htl prepare skipped");
        List<LabeledCsv.Row> base = LabeledCsv.read(train, "label", "text");
        Path storeDir = temp.resolve("feedback");
        int records = 0;
        try (FileFeedbackStore store = new FileFeedbackStore(storeDir)) {
            for (int i = 0; i < 100; i++) { // corrections of existing rows: the label flipped
                LabeledCsv.Row row = base.get(i * 37);
                store.save(feedback("fix-" + i, row.text(), row.label().equals("1") ? "negative" : "positive", i, "app"));
                records++;
            }
            for (int i = 0; i < 60; i++) { // new texts, 10 of them corrected twice with different labels
                store.save(feedback("new-" + i, "酒店新评论" + i + "：性价比一般", i % 2 == 0 ? "negative" : "positive",
                        200 + i, "web"));
                records++;
                if (i < 10) {
                    store.save(feedback("new-" + i + "-again", "酒店新评论" + i + "：性价比一般", "negative", 400 + i, "web"));
                    records++;
                }
            }
        }
        Path out = temp.resolve("htl");
        long start = System.nanoTime();
        PrepareTrainingSet.prepare(options(train, storeDir, out, "label", "text"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        JsonNode manifest = manifest(out);
        JsonNode accounting = manifest.path("accounting");
        System.out.printf("htl train + %d feedback records: %s in %d ms%n", records, accounting, millis);
        assertEquals(base.size() + records, accounting.path("inputs").asInt());
        assertTrue(accounting.path("balanced").asBoolean(), accounting.toString());
        assertEquals(100, manifest.path("feedback").path("labelOverrides").path("count").asInt());
        assertEquals(60, manifest.path("feedback").path("newExamples").asInt());
        assertEquals(10, manifest.path("feedback").path("superseded").asInt());
        assertEquals(base.size() + 60, accounting.path("outputs").asInt());
    }
}
