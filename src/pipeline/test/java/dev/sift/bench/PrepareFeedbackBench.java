package dev.sift.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sift.feedback.FeedbackJson;
import dev.sift.feedback.FeedbackLayout;
import dev.sift.feedback.FeedbackRecord;
import dev.sift.feedback.FeedbackStores;
import dev.sift.feedback.S3MockServer;
import dev.sift.pipeline.PrepareTrainingSet;

/**
 * How long prepare takes to read an S3 feedback store of N records: starts s3mock on loopback
 * (S3MockServer), puts N records in the store's layout, then runs PrepareTrainingSet on a 100-row
 * base CSV and that store ROUNDS times, printing each run's wall time. Only the records are
 * written: prepare lists {@code dt=} and never reads the {@code ids/} markers.
 *
 * <p>The records are written as files in s3mock 5.2.0's storage format, not through the S3 API:
 * s3mock keeps a bucket's key index in one JSON file that it reads and rewrites on every PUT, so
 * 20,000 PUTs take about an hour on a 2-core machine. What is measured, prepare, reads only
 * through the S3 API; the run fails unless it reads all N records and skips none.
 *
 * <p>s3mock answers on loopback, and on a small machine it is CPU-bound (it parses the whole
 * key index on every request, under a bucket lock). With {@code latency-ms} every request goes
 * through {@link DelayingProxy}, which adds that much time, as S3 does by being a network round
 * trip away: a model of S3, labelled as one.
 *
 * <p>Usage: {@code PrepareFeedbackBench [records=20000] [rounds=3] [latency-ms=0]} from the
 * repository root ({@code make bench-prepare RECORDS= ROUNDS= LATENCY_MS=}).
 */
public final class PrepareFeedbackBench {
    private static final String[] TEXTS = {"房间干净，早餐丰富", "隔音太差，一夜没睡好", "前台服务热情", "空调坏了没人修"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private PrepareFeedbackBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long latencyMillis = args.length > 2 ? Long.parseLong(args[2]) : 0;
        // prepare takes S3 credentials from the AWS default chain, here the aws.* system properties
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
        // The full JIT for s3mock: it answers tens of thousands of GETs here, start-up does not matter.
        System.setProperty("test.s3mock.jvm-options", "-Xmx512m");
        String prefix = "bench-" + records + "/";
        long fillStart = System.nanoTime();
        fill(S3MockServer.root().resolve(S3MockServer.BUCKET), prefix, records);
        System.out.printf("s3mock holds %d feedback records (written in %.1f s)%n", records,
                (System.nanoTime() - fillStart) / 1e9);

        Path work = Files.createTempDirectory("prepare-bench");
        Path base = work.resolve("base.csv");
        StringBuilder csv = new StringBuilder("label,text\n");
        for (int i = 0; i < 100; i++) {
            csv.append(i % 2).append(",基础样本").append(i).append('\n');
        }
        Files.writeString(base, csv);
        URI endpoint = S3MockServer.endpoint();
        if (latencyMillis > 0) {
            endpoint = new DelayingProxy(endpoint, latencyMillis).endpoint();
            System.out.printf("every request to s3mock goes through a proxy that adds %d ms%n", latencyMillis);
        }
        FeedbackStores.S3Options s3 = new FeedbackStores.S3Options(Optional.of(endpoint), Optional.of("us-east-1"), true);
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            Map<String, Object> manifest = PrepareTrainingSet.prepare(new PrepareTrainingSet.Options(base,
                    "s3://" + S3MockServer.BUCKET + "/" + prefix, work.resolve("out-" + round), "label", "text", 10, 10,
                    Map.of("negative", "0", "positive", "1"), s3));
            double seconds = (System.nanoTime() - start) / 1e9;
            Object read = ((Map<?, ?>) manifest.get("inputs")).get("feedbackRecords");
            Object skipped = ((Map<?, ?>) manifest.get("skipped")).get("count");
            if (((Number) read).intValue() != records || ((Number) skipped).intValue() != 0) {
                throw new IllegalStateException("prepare read " + read + " records and skipped " + skipped);
            }
            System.out.printf("round %d: prepare with %d feedback records from s3mock: %.1f s (%.0f records/s)%n",
                    round, records, seconds, records / seconds);
        }
    }

    /** Writes each record as s3mock stores an object, then adds all keys to the bucket's index at once. */
    private static void fill(Path bucket, String prefix, int records) throws Exception {
        Path indexFile = bucket.resolve("bucketMetadata.json");
        ObjectNode index = (ObjectNode) JSON.readTree(indexFile.toFile());
        ObjectNode objects = index.with("objects");
        Instant day = Instant.parse("2026-05-01T00:00:00Z");
        for (int n = 0; n < records; n++) {
            Instant at = day.plusSeconds(n * 60L);
            String id = "bench-" + n;
            byte[] content = FeedbackJson.write(new FeedbackRecord(FeedbackRecord.SCHEMA_VERSION, id,
                    TEXTS[n % TEXTS.length] + "（" + n + "）", n % 2 == 0 ? "positive" : "negative", null, null, null,
                    "app", Map.of(), at, null));
            String key = prefix + FeedbackLayout.recordKey(id, at);
            UUID uuid = UUID.randomUUID();
            Path folder = Files.createDirectories(bucket.resolve(uuid.toString()));
            Path data = Files.write(folder.resolve("binaryData"), content);
            CRC32 crc = new CRC32();
            crc.update(content);
            Instant now = Instant.now();
            ObjectNode meta = JSON.createObjectNode();
            meta.put("id", uuid.toString());
            meta.put("key", key);
            meta.put("size", Integer.toString(content.length));
            meta.put("modificationDate", now.toString());
            meta.put("etag", HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)));
            meta.put("contentType", "application/json");
            meta.put("lastModified", now.toEpochMilli());
            meta.put("dataPath", data.toUri().toString());
            meta.putObject("userMetadata");
            meta.putNull("tags");
            meta.putNull("legalHold");
            meta.putNull("retention");
            meta.putObject("owner").put("ID", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be");
            meta.putObject("storeHeaders");
            meta.putObject("encryptionHeaders");
            meta.put("checksumAlgorithm", "CRC32");
            meta.put("checksum", Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
            meta.put("storageClass", "STANDARD");
            meta.putNull("policy");
            meta.putNull("versionId");
            meta.put("deleteMarker", false);
            meta.put("checksumType", "FULL_OBJECT");
            meta.putNull("parts");
            JSON.writeValue(folder.resolve("objectMetadata.json").toFile(), meta);
            objects.put(key, uuid.toString());
        }
        JSON.writeValue(indexFile.toFile(), index);
    }
}
