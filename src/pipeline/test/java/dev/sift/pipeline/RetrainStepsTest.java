package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import dev.sift.feedback.FeedbackRecord;
import dev.sift.feedback.FeedbackStore;
import dev.sift.feedback.FeedbackStores;
import dev.sift.feedback.S3MockServer;
import dev.sift.registry.RegistrySettings;
import dev.sift.registry.BundleLocations;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;

/**
 * The retrain pipeline's Java steps against a real S3-compatible server (s3mock on loopback), in
 * the order infra's state machine runs them, with the training job replaced by what it uploads
 * (a bundle in a model.tar.gz): prepare → evaluate → promote, and serving follows the pointer.
 */
class RetrainStepsTest {
    private static final String BUCKET = S3MockServer.BUCKET;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static S3Client s3;

    @TempDir
    Path temp;

    private String root;
    private RetrainSteps steps;
    private TinyBundleVersions bundles;

    @BeforeAll
    static void pointAtS3Mock() {
        RegistryOnS3Mock.use();
        s3 = S3Client.builder().endpointOverride(S3MockServer.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(S3MockServer.credentials()).forcePathStyle(true).build();
    }

    @AfterAll
    static void clear() {
        RegistryOnS3Mock.clear();
        s3.close();
    }

    @BeforeEach
    void setUp() {
        root = "retrain-" + UUID.randomUUID() + "/";
        bundles = new TinyBundleVersions(temp);
        S3Connection connection = RegistrySettings.read().connection();
        steps = new RetrainSteps(new RetrainSteps.Settings(S3Uri.parse(uri("training"), "data"),
                S3Uri.parse(uri("registry"), "registry"), uri("feedback"), connection,
                new FeedbackStores.S3Options(Optional.of(S3MockServer.endpoint()), Optional.of("us-east-1"), true),
                0.005, temp.resolve("work")));
        System.setProperty("sift.registry.cache", temp.resolve("serving-cache").toString());
    }

    private String uri(String prefix) {
        return "s3://" + BUCKET + "/" + root + prefix;
    }

    private void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(BUCKET).key(root + key), RequestBody.fromBytes(bytes));
    }

    private boolean exists(String key) {
        return !s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(root + key)).contents().isEmpty();
    }

    private void seedDatasets() {
        String rows = "label,text\npositive,很好\nnegative,很差\nneutral,一般\npositive,服务好\nnegative,太差了\n";
        for (String split : List.of("train", "val", "test")) {
            put("training/datasets/" + split + ".csv", rows.getBytes(StandardCharsets.UTF_8));
        }
        put("training/datasets/encoder.onnx", "the int8 encoder the trainer starts from".getBytes(StandardCharsets.UTF_8));
    }

    private void feedback(String id, String text, String label) {
        try (FeedbackStore store = FeedbackStores.open(uri("feedback"), new FeedbackStores.S3Options(
                Optional.of(S3MockServer.endpoint()), Optional.of("us-east-1"), true), S3MockServer.credentials())) {
            store.save(new FeedbackRecord(FeedbackRecord.SCHEMA_VERSION, id, text, label, null, null, "1.0.0", "app",
                    Map.of(), Instant.now(), List.of()));
        }
    }

    /** What the training job leaves in S3: the bundle directory as SageMaker's model.tar.gz. */
    private String uploadTrained(Path bundle, String job) throws Exception {
        Path archive = temp.resolve(job + ".tar.gz");
        Process tar = new ProcessBuilder("tar", "czf", archive.toString(), "-C", bundle.toString(), ".")
                .redirectErrorStream(true).start();
        assertEquals(0, tar.waitFor(), new String(tar.getInputStream().readAllBytes()));
        String key = "training/output/" + job + "/output/model.tar.gz";
        put(key, Files.readAllBytes(archive));
        return "s3://" + BUCKET + "/" + root + key;
    }

    @Test
    void prepareEvaluatePromoteAndServingFollows() throws Exception {
        seedDatasets();
        Path testCsv = temp.resolve("test.csv");
        Files.writeString(testCsv, "label,text\npositive,很好\nnegative,很差\nneutral,一般\n");
        assertTrue(PromoteBundle.promote(uri("registry"), bundles.version("1.0.0"), testCsv, Map.of(), 0.005).promoted());
        feedback("fb-1", "早餐很好", "positive");
        feedback("fb-2", "隔音很差", "negative");

        Map<String, Object> prepared = steps.prepare("run-1");
        assertEquals(uri("training/") + "runs/run-1/", prepared.get("trainData"));
        assertEquals(2L, prepared.get("newExamples"));
        for (String file : List.of("ids/train.jsonl", "ids/val.jsonl", "ids/test.jsonl", "encoder.onnx", "tokenizer.json")) {
            assertTrue(exists("training/runs/run-1/" + file), file);
        }
        JsonNode job = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(root + "training/runs/run-1/job.json"))
                .asByteArray());
        assertEquals("tiny-classifier", job.path("name").asText());
        assertEquals("r-run-1", job.path("version").asText());

        Map<String, Object> evaluated = steps.evaluate("run-1", uploadTrained(bundles.version("r-run-1"), "job-1"));
        assertEquals(true, evaluated.get("promote"), evaluated.toString());
        assertEquals(Map.of("name", "tiny-classifier", "version", "r-run-1"), evaluated.get("challenger"));
        assertTrue(exists("registry/bundles/tiny-classifier/r-run-1/manifest.json"), "registered by evaluate");
        assertTrue(exists("registry/bundles/tiny-classifier/r-run-1/monitoring-reference.jsonl"),
                "the daily drift monitor's reference, recorded on val and registered with the bundle");
        assertTrue((int) ((Map<?, ?>) evaluated.get("details")).get("monitoringReferenceRecords") > 0, evaluated.toString());
        assertEquals("1.0.0", BundleLocations.load("registry:" + uri("registry")).manifest().version(),
                "evaluate does not move the pointer");

        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) evaluated.get("details");
        double temperature = (double) ((Map<?, ?>) details.get("calibration")).get("temperature");
        JsonNode registered = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET)
                .key(root + "registry/bundles/tiny-classifier/r-run-1/manifest.json")).asByteArray());
        assertEquals(temperature, registered.at("/calibration/temperature").asDouble(),
                "the registered bundle is the calibrated one");
        Map<String, Object> promoted = steps.promote("run-1", "tiny-classifier", "r-run-1", details);
        assertEquals("r-run-1", ((Map<?, ?>) promoted.get("champion")).get("version"));
        System.setProperty("sift.registry.cache", temp.resolve("serving-cache-2").toString());
        assertEquals("r-run-1", BundleLocations.load("registry:" + uri("registry")).manifest().version());

        // Nothing new since that promotion: the state machine skips training.
        assertEquals(0L, steps.prepare("run-2").get("newExamples"));
        // A worse challenger is registered and rejected; the champion stays.
        Map<String, Object> worse = steps.evaluate("run-3", uploadTrained(bundles.worse("r-run-3"), "job-3"));
        assertEquals(false, worse.get("promote"), worse.toString());
        String history = new String(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(root + "registry/history.jsonl"))
                .asByteArray(), StandardCharsets.UTF_8);
        assertTrue(history.contains("\"event\":\"rejected\",\"name\":\"tiny-classifier\",\"version\":\"r-run-3\""), history);
    }

    @Test
    void missingInputsFailWithWhatToDo() {
        IllegalStateException noData = assertThrows(IllegalStateException.class, () -> steps.prepare("run-1"));
        assertTrue(noData.getMessage().contains("training/datasets/train.csv does not exist: upload the base"),
                noData.getMessage());
        seedDatasets();
        IllegalStateException noChampion = assertThrows(IllegalStateException.class, () -> steps.prepare("run-1"));
        assertTrue(noChampion.getMessage().contains("has no champion.json: promote a first bundle"), noChampion.getMessage());
        IllegalArgumentException badName = assertThrows(IllegalArgumentException.class, () -> steps.prepare("../x"));
        assertTrue(badName.getMessage().contains("'execution' must be"), badName.getMessage());
        assertFalse(exists("training/runs/"));
    }
}
