package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.sift.feedback.S3MockServer;
import dev.sift.model.TestBundles;
import dev.sift.registry.RegistrySettings;
import dev.sift.registry.BundleLocations;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;

/** Seeding the retrain pipeline's S3 layout, on s3mock: once, then idempotent, never silently changed. */
@ExtendWith(RegistryOnS3Mock.class)
class SeedTrainingDataTest {
    @TempDir
    Path temp;

    @Test
    void uploadsTheDataAndMakesTheBundleTheFirstChampionOnce() throws IOException {
        String root = "s3://" + S3MockServer.BUCKET + "/seed-" + UUID.randomUUID() + "/";
        S3Uri training = S3Uri.parse(root + "training", "training");
        String registry = root + "registry";
        Path data = Files.createDirectories(temp.resolve("data"));
        for (String split : List.of("train", "val", "test")) {
            Files.writeString(data.resolve(split + ".csv"), "label,text\npositive,很好\nnegative,很差\nneutral,一般\n");
        }
        Path encoder = Files.writeString(temp.resolve("encoder.onnx"), "encoder bytes");
        Path tiny = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        S3Connection connection = RegistrySettings.read().connection();

        Map<String, Object> first = SeedTrainingData.seed(training, registry, data, encoder, tiny.toString(), connection);
        assertEquals(List.of("datasets/train.csv", "datasets/val.csv", "datasets/test.csv", "datasets/encoder.onnx"),
                first.get("uploaded"));
        assertTrue(first.get("champion").toString().contains("no champion yet"), first.toString());
        System.setProperty("sift.registry.cache", temp.resolve("cache").toString());
        assertEquals("tiny-classifier", BundleLocations.load("registry:" + registry).manifest().name());

        Map<String, Object> again = SeedTrainingData.seed(training, registry, data, encoder, tiny.toString(), connection);
        assertEquals(List.of(), again.get("uploaded"));
        assertTrue(again.get("champion").toString().startsWith("kept: "), again.toString());

        Files.writeString(data.resolve("test.csv"), "label,text\npositive,很好\n");
        IOException changed = assertThrows(IOException.class,
                () -> SeedTrainingData.seed(training, registry, data, encoder, tiny.toString(), connection));
        assertTrue(changed.getMessage().contains("datasets/test.csv already exists with other content"), changed.getMessage());
    }
}
