package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sift.feedback.S3MockServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code registry:s3://bucket/prefix} (what infra sets as SIFT_MODEL_BUNDLE), against s3mock. */
class S3RegistryBundleTest {
    private static S3Client s3;

    @BeforeAll
    static void pointAtS3Mock() {
        System.setProperty("sift.model.s3.endpoint", S3MockServer.endpoint().toString());
        System.setProperty("sift.model.s3.force-path-style", "true");
        System.setProperty("aws.region", "us-east-1");
        if (System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "test-key");
            System.setProperty("aws.secretAccessKey", "test-secret");
        }
        s3 = S3Client.builder().endpointOverride(S3MockServer.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(S3MockServer.credentials()).forcePathStyle(true).build();
    }

    @AfterAll
    static void forget() {
        System.clearProperty("sift.model.s3.endpoint");
        System.clearProperty("sift.model.s3.force-path-style");
        System.clearProperty("aws.region");
        s3.close();
    }

    private static void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(S3MockServer.BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    @Test
    void loadsTheChampionTheS3RegistryPointsAtAndVerifiesIt(@TempDir Path tmp) throws Exception {
        String registry = "registry-" + UUID.randomUUID();
        Path bundle = TestBundles.copy(TestBundles.TINY, tmp.resolve("tiny"));
        for (String file : new String[] {"manifest.json", "model.onnx", "tokenizer.json"}) {
            put(registry + "/bundles/tiny/2.0.0/" + file, Files.readAllBytes(bundle.resolve(file)));
        }
        put(registry + "/champion.json", "{\"name\": \"tiny\", \"version\": \"2.0.0\", \"reason\": \"test\"}".getBytes());

        ModelBundle loaded = ModelBundle.load("registry:s3://" + S3MockServer.BUCKET + "/" + registry);
        assertArrayEquals(Files.readAllBytes(bundle.resolve("model.onnx")), loaded.modelBytes());
        assertEquals(BundleManifest.parse(Files.readAllBytes(bundle.resolve("manifest.json"))).name(),
                loaded.manifest().name());

        put(registry + "/bundles/tiny/2.0.0/model.onnx", "not the model".getBytes());
        BundleException corrupt = assertThrows(BundleException.class,
                () -> ModelBundle.load("registry:s3://" + S3MockServer.BUCKET + "/" + registry));
        assertTrue(corrupt.getMessage().contains("model.onnx has SHA-256"), corrupt.getMessage());
    }

    @Test
    void aRegistryWithoutAChampionSaysSo() {
        String location = "registry:s3://" + S3MockServer.BUCKET + "/empty-" + UUID.randomUUID();
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(location));
        assertTrue(e.getMessage().contains("champion.json; promote a bundle first"), e.getMessage());
    }
}
