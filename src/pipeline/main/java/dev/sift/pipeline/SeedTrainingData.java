package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import dev.sift.model.ModelBundle;
import dev.sift.registry.RegistrySettings;
import dev.sift.registry.BundleLocations;
import dev.sift.registry.S3RegistryReader;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Once, after the first deploy: gives infra's retrain pipeline what it starts from. Uploads the
 * base data (a canonical split directory) and the encoder the trainer starts from to
 * {@code <training>/datasets/}, and makes a bundle (default: models/review-sentiment, the bundle serving packages) the registry's
 * first champion, evaluated on that test set.
 *
 * <pre>
 * SeedTrainingData s3://models/training s3://models/registry DATA_DIR ENCODER.onnx [BUNDLE]
 * </pre>
 *
 * Safe to run again: an object already there with the same bytes is left alone; one with other
 * bytes is refused (the frozen test set must never change silently), and a registry that has a
 * champion keeps it.
 */
public final class SeedTrainingData {
    private static final List<String> DATASETS = List.of("train.csv", "val.csv", "test.csv");

    private SeedTrainingData() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "SeedTrainingData",
            description = {"Upload the base data and the encoder the trainer starts from, and make a bundle the"
                    + " registry's first champion.",
                "S3 settings: SIFT_REGISTRY_S3_ENDPOINT, SIFT_REGISTRY_S3_FORCE_PATH_STYLE, AWS_REGION."})
    static final class Cli implements Callable<Integer> {
        @Mixin
        CommandLineTool.Help help;
        @Parameters(index = "0", paramLabel = "TRAINING", description = "s3://bucket/training")
        String training;
        @Parameters(index = "1", paramLabel = "REGISTRY", description = "s3://bucket/registry")
        String registry;
        @Parameters(index = "2", paramLabel = "DATA_DIR", description = "train.csv, val.csv and test.csv.")
        Path data;
        @Parameters(index = "3", paramLabel = "ENCODER.onnx", description = "The encoder the trainer starts from.")
        Path encoder;
        @Parameters(index = "4", arity = "0..1", paramLabel = "BUNDLE", defaultValue = "models/review-sentiment",
                description = "The first champion (default: ${DEFAULT-VALUE}).")
        String bundle;

        @Override
        public Integer call() throws IOException {
            S3Connection connection = RegistrySettings.read().connection();
            System.out.println(seed(S3Uri.parse(training, "training data"), registry, data, encoder, bundle, connection));
            return 0;
        }
    }

    /** Returns what was uploaded, what was already there, and the registry's decision. */
    public static Map<String, Object> seed(S3Uri training, String registry, Path data, Path encoder, String bundle,
            S3Connection connection) throws IOException {
        Map<String, Path> uploads = new LinkedHashMap<>();
        for (String name : DATASETS) {
            uploads.put(name, data.resolve(name));
        }
        uploads.put("encoder.onnx", encoder);
        for (Path file : uploads.values()) {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " does not exist (DATA must hold train.csv, val.csv and test.csv)");
            }
        }
        List<String> uploaded = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        try (S3Client s3 = connection.client(Duration.ofMinutes(5))) {
            for (Map.Entry<String, Path> upload : uploads.entrySet()) {
                String key = "datasets/" + upload.getKey();
                byte[] bytes = Files.readAllBytes(upload.getValue());
                var existing = S3RegistryReader.get(s3, training, key);
                if (existing.isPresent()) {
                    if (!Arrays.equals(existing.get(), bytes)) {
                        throw new IOException(training + key + " already exists with other content; the frozen test "
                                + "set and the base data must not change under the registry's history");
                    }
                    unchanged.add(key);
                    continue;
                }
                s3.putObject(PutObjectRequest.builder().bucket(training.bucket()).key(training.key(key)).build(),
                        RequestBody.fromBytes(bytes));
                uploaded.add(key);
            }
        }
        String champion;
        try (S3Client s3 = connection.client(Duration.ofMinutes(1))) {
            champion = S3RegistryReader.get(s3, S3Uri.parse(registry, "model registry"), "champion.json")
                    .map(json -> "kept: " + new String(json, java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
        }
        if (champion == null) {
            Path staged = BundleLocations.load(bundle).writeTo(Files.createTempDirectory("sift-seed-bundle"));
            Map<String, String> goldToModel = new LinkedHashMap<>();
            RetrainSteps.dataLabels(staged.resolve("manifest.json")).forEach((model, dataLabel) -> goldToModel.put(dataLabel, model));
            PromoteBundle.Decision decision = PromoteBundle.promote(registry, staged, data.resolve("test.csv"),
                    goldToModel, 0.005);
            champion = decision.name() + " " + decision.version() + ": " + decision.reason();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("uploaded", uploaded);
        result.put("unchanged", unchanged);
        result.put("champion", champion);
        return result;
    }
}
