package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.feedback.S3MockServer;
import dev.sift.model.BundleException;
import dev.sift.model.TestBundles;
import dev.sift.registry.RegistrySettings;
import dev.sift.registry.BundleLocations;
import dev.sift.s3.S3Uri;

/**
 * The registry in S3, on a real S3-compatible server (s3mock on loopback): promotion, rejection,
 * rollback and immutability through the same rules as the directory registry, and serving
 * following {@code registry:s3://…} to the champion.
 */
@ExtendWith(RegistryOnS3Mock.class)
class S3RegistryTest {

    @TempDir
    Path temp;

    private String registry;
    private Path testCsv;
    private int copies;
    private TinyBundleVersions bundles;

    @BeforeEach
    void setUp() throws IOException {
        registry = "s3://" + S3MockServer.BUCKET + "/registry-" + UUID.randomUUID();
        testCsv = temp.resolve("test.csv");
        Files.writeString(testCsv, "label,text\npositive,很好\nnegative,很差\nneutral,一般\npositive,服务好\n");
        bundles = new TinyBundleVersions(temp);
        freshServingCache();
    }

    private void freshServingCache() {
        System.setProperty("sift.registry.cache", temp.resolve("cache-" + copies++).toString());
    }

    private String served() {
        return BundleLocations.load("registry:" + registry).manifest().version();
    }

    @Test
    void promotionsRejectionsAndRollbackLandInS3AndServingFollowsTheChampion() throws IOException {
        assertTrue(PromoteBundle.promote(registry, bundles.version("1.0.0"), testCsv, Map.of(), 0.005).promoted());
        assertEquals("1.0.0", served());

        assertTrue(PromoteBundle.promote(registry, bundles.version("1.0.1"), testCsv, Map.of(), 0.005).promoted());
        PromoteBundle.Decision worse = PromoteBundle.promote(registry, bundles.worse("1.0.2"), testCsv, Map.of(), 0.005);
        assertFalse(worse.promoted(), worse.reason());
        freshServingCache();
        assertEquals("1.0.1", served());

        PromoteBundle.rollback(registry, "tiny-classifier", "1.0.0");
        freshServingCache();
        assertEquals("1.0.0", served());

        try (S3RegistrySync sync = new S3RegistrySync(S3Uri.parse(registry, "registry"),
                RegistrySettings.read().connection())) {
            sync.pull();
            assertTrue(sync.pullVersion("tiny-classifier", "1.0.2"), "a rejected challenger is still kept");
            assertFalse(sync.pullVersion("tiny-classifier", "9.9.9"));
            String history = Files.readString(sync.local().root().resolve("history.jsonl"));
            assertEquals(java.util.List.of("registered", "promoted", "registered", "promoted", "registered", "rejected",
                    "rollback"), history.lines().map(l -> l.replaceAll(".*\"event\":\"([a-z]+)\".*", "$1")).toList());
        }
    }

    @Test
    void aVersionInS3IsImmutableAndRollbackNeedsARegisteredVersion() throws IOException {
        PromoteBundle.promote(registry, bundles.version("1.0.0"), testCsv, Map.of(), 0.005);
        Path changed = bundles.changedFiles("1.0.0");
        IOException e = assertThrows(IOException.class,
                () -> PromoteBundle.promote(registry, changed, testCsv, Map.of(), 0.005));
        assertTrue(e.getMessage().contains("different files; bump the version"), e.getMessage());

        IOException missing = assertThrows(IOException.class,
                () -> PromoteBundle.rollback(registry, "tiny-classifier", "9.9.9"));
        assertTrue(missing.getMessage().contains("has no tiny-classifier 9.9.9"), missing.getMessage());
        assertEquals("1.0.0", served());
    }

    @Test
    void servingAnEmptyS3RegistrySaysWhatToDo() {
        BundleException e = assertThrows(BundleException.class, this::served);
        assertTrue(e.getMessage().contains("has no champion.json; promote a bundle first"), e.getMessage());
    }

    @Test
    void aVersionLeftWithoutItsManifestByAnInterruptedUploadIsCompletedByTheRetry() throws IOException {
        S3Uri location = S3Uri.parse(registry, "registry");
        try (var s3 = RegistrySettings.read().connection().client()) {
            s3.putObject(b -> b.bucket(location.bucket()).key(location.key("bundles/tiny-classifier/1.0.0/model.onnx")),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("half of a model"));
        }
        assertTrue(PromoteBundle.promote(registry, bundles.version("1.0.0"), testCsv, Map.of(), 0.005).promoted());
        assertEquals("1.0.0", served()); // checksums verified: the leftover was replaced
    }

    @Test
    void theChampionIsDownloadedOnceIntoTheCache() throws IOException {
        PromoteBundle.promote(registry, bundles.version("1.0.0"), testCsv, Map.of(), 0.005);
        served();
        Path cached = Path.of(System.getProperty("sift.registry.cache"), "bundles", "tiny-classifier", "1.0.0");
        assertTrue(Files.isRegularFile(cached.resolve("model.onnx")));
        String manifest = new ObjectMapper().readTree(cached.resolve("manifest.json").toFile()).path("version").asText();
        assertEquals("1.0.0", manifest);
        long before = Files.getLastModifiedTime(cached.resolve("model.onnx")).toMillis();
        served();
        assertEquals(before, Files.getLastModifiedTime(cached.resolve("model.onnx")).toMillis(), "not downloaded again");
    }

    @Test
    void refusesACacheDirectoryOthersCanWriteToAndSaysWhy() throws IOException {
        PromoteBundle.promote(registry, bundles.version("1.0.0"), testCsv, Map.of(), 0.005);
        // A predictable cache path someone else prepared: whatever they put there would be served.
        Path cache = Files.createDirectories(Path.of(System.getProperty("sift.registry.cache")));
        Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

        BundleException e = assertThrows(BundleException.class, this::served);
        assertTrue(e.getMessage().contains("model registry cache " + cache + " is writable by its group or others"
                + " (rwxrwxrwx); refusing to use it"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("bundles")), "nothing was downloaded into it");
    }
}
