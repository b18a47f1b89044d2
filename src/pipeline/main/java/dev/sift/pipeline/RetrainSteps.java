package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import dev.sift.feedback.FeedbackStores;
import dev.sift.model.BundleManifest;
import dev.sift.model.Directories;
import dev.sift.model.ModelBundle;
import dev.sift.registry.S3RegistryReader;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;
import dev.sift.text.Truncation;

/**
 * The Java steps of the retrain pipeline in AWS (infra's state machine: prepare → SageMaker
 * training → evaluate → promote), each a plain method the direct-invocation zip exports as a
 * function. Data layout under {@code SIFT_TRAINING_DATA} ({@code s3://<models>/training}):
 * {@code datasets/} holds the base {@code train.csv}, {@code val.csv}, the frozen {@code test.csv}
 * and {@code encoder.onnx} (the int8 bge-small-zh the trainer starts from), uploaded once;
 * {@code runs/<execution>/} is what one training job reads.
 */
public final class RetrainSteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SPLITS = List.of("train", "val", "test");

    /** Where everything is; {@link #fromEnvironment()} reads infra's variables. */
    public record Settings(S3Uri trainingData, S3Uri registry, String feedbackStore, S3Connection s3,
            FeedbackStores.S3Options feedbackS3, double tolerance, Path work) {
    }

    private final Settings settings;

    public RetrainSteps(Settings settings) {
        this.settings = settings;
    }

    /** SIFT_TRAINING_DATA, SIFT_MODEL_REGISTRY, SIFT_FEEDBACK_STORE (prepare only), SIFT_PROMOTE_TOLERANCE. */
    public static Settings fromEnvironment() {
        S3Connection s3 = S3Connection.fromSettings("sift.registry.s3");
        return new Settings(
                Optional.ofNullable(setting("SIFT_TRAINING_DATA")).map(u -> S3Uri.parse(u, "SIFT_TRAINING_DATA")).orElse(null),
                S3Uri.parse(required("SIFT_MODEL_REGISTRY"), "SIFT_MODEL_REGISTRY"),
                setting("SIFT_FEEDBACK_STORE"), s3,
                new FeedbackStores.S3Options(s3.endpoint(), Optional.of(s3.region().id()), s3.forcePathStyle()),
                Optional.ofNullable(setting("SIFT_PROMOTE_TOLERANCE")).map(Double::parseDouble).orElse(0.005),
                Path.of(System.getProperty("java.io.tmpdir"), "sift-retrain"));
    }

    /**
     * Merges the feedback received so far into the base data (as {@code make prepare}), tokenizes
     * it with the champion's tokenizer and truncation, and uploads the training job's channel to
     * {@code runs/<execution>/}: {@code ids/{train,val,test}.jsonl}, {@code encoder.onnx},
     * {@code tokenizer.json} and {@code job.json} (bundle name, a version named after the run, the
     * champion's label names). {@code newExamples} counts feedback received since the champion was
     * promoted: 0 means there is nothing new to learn.
     */
    public Map<String, Object> prepare(String execution) throws IOException {
        checkExecution(execution);
        S3Uri data = trainingData();
        if (settings.feedbackStore() == null) {
            throw new IllegalStateException("SIFT_FEEDBACK_STORE is not set");
        }
        Path work = fresh(execution, "prepare");
        try (S3Client s3 = settings.s3().client(Duration.ofMinutes(5))) {
            Path datasets = Files.createDirectories(work.resolve("datasets"));
            for (String file : List.of("train.csv", "val.csv", "test.csv", "encoder.onnx")) {
                download(s3, data, "datasets/" + file, datasets.resolve(file));
            }
            JsonNode pointer = JSON.readTree(S3RegistryReader.get(s3, settings.registry(), "champion.json")
                    .orElseThrow(() -> new IllegalStateException("model registry " + settings.registry()
                            + " has no champion.json: promote a first bundle (make promote REGISTRY=" + settings.registry() + ")")));
            Path champion = S3RegistryReader.fetchChampion(settings.registry(), settings.s3(), work.resolve("registry"));
            BundleManifest manifest = ModelBundle.load(champion.toString()).manifest();
            Map<String, String> toData = dataLabels(champion.resolve("manifest.json"));

            Path prepared = work.resolve("prepared");
            Map<String, Object> prepareManifest = PrepareTrainingSet.prepare(new PrepareTrainingSet.Options(datasets,
                    settings.feedbackStore(), prepared, "label", "text", 10, 10, toData, settings.feedbackS3()),
                    Instant.parse(pointer.path("at").asText(Instant.EPOCH.toString())));
            long newExamples = ((Number) ((Map<?, ?>) prepareManifest.get("feedbackReceivedSince")).get("records")).longValue();

            Path channel = Files.createDirectories(work.resolve("channel"));
            Truncation truncation = manifest.truncation();
            for (String split : SPLITS) {
                TokenizeDataset.tokenize(champion.resolve("tokenizer.json"), prepared.resolve(split + ".csv"),
                        channel.resolve("ids"), truncation);
            }
            Files.copy(datasets.resolve("encoder.onnx"), channel.resolve("encoder.onnx"));
            Files.copy(champion.resolve("tokenizer.json"), channel.resolve("tokenizer.json"));
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("name", manifest.name());
            job.put("version", "r-" + execution);
            if (!toData.isEmpty()) {
                StringBuilder names = new StringBuilder();
                toData.forEach((model, dataLabel) -> names.append(names.length() > 0 ? "," : "").append(dataLabel)
                        .append('=').append(model));
                job.put("label-names", names.toString());
            }
            Files.write(channel.resolve("job.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(job));
            Files.write(channel.resolve("prepare-manifest.json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(prepareManifest));

            String run = "runs/" + execution + "/";
            try (var files = Files.walk(channel)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    s3.putObject(PutObjectRequest.builder().bucket(data.bucket())
                            .key(data.key(run + channel.relativize(file).toString().replace('\\', '/'))).build(),
                            RequestBody.fromFile(file));
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("trainData", data + run);
            result.put("newExamples", newExamples);
            result.put("champion", Map.of("name", manifest.name(), "version", manifest.version()));
            return result;
        }
    }

    /**
     * Registers the trained bundle ({@code modelArtifacts}: SageMaker's model.tar.gz) in the
     * registry and compares it with the champion on the frozen {@code datasets/test.csv}, both
     * through the serving classifier; the pointer does not move here.
     */
    public Map<String, Object> evaluate(String execution, String modelArtifacts) throws IOException {
        checkExecution(execution);
        S3Uri data = trainingData();
        Path work = fresh(execution, "evaluate");
        S3Uri artifacts = S3Uri.parse(modelArtifacts, "modelArtifacts");
        String artifactKey = artifacts.prefix().replaceAll("/$", "");
        try (S3Client s3 = settings.s3().client(Duration.ofMinutes(5));
                S3RegistrySync sync = new S3RegistrySync(settings.registry(), settings.s3())) {
            Path archive = work.resolve("model.tar.gz");
            download(s3, new S3Uri(artifacts.bucket(), ""), artifactKey, archive);
            Path challenger = work.resolve("challenger");
            TarGz.extract(archive, challenger);
            Path testCsv = work.resolve("test.csv");
            download(s3, data, "datasets/test.csv", testCsv);

            sync.pull();
            BundleManifest manifest = ModelBundle.load(challenger.toString()).manifest();
            sync.pullVersion(manifest.name(), manifest.version());
            Map<String, String> goldToModel = new LinkedHashMap<>();
            dataLabels(challenger.resolve("manifest.json")).forEach((model, dataLabel) -> goldToModel.put(dataLabel, model));
            PromoteBundle.Decision decision = PromoteBundle.evaluate(sync.local(), challenger, testCsv, goldToModel,
                    settings.tolerance());
            Map<String, Object> details = new LinkedHashMap<>(decision.details());
            details.put("testData", data + "datasets/test.csv");
            details.put("execution", execution);
            details.put("reason", decision.reason());
            sync.push();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("promote", decision.promoted());
            result.put("challenger", Map.of("name", decision.name(), "version", decision.version()));
            result.put("details", details);
            return result;
        }
    }

    /** Points champion.json at the evaluated challenger and records why. */
    public Map<String, Object> promote(String execution, String name, String version, Map<String, Object> details)
            throws IOException {
        checkExecution(execution);
        try (S3RegistrySync sync = new S3RegistrySync(settings.registry(), settings.s3())) {
            sync.pull();
            if (!sync.pullVersion(name, version)) {
                throw new IllegalStateException("model registry " + settings.registry() + " has no " + name + " "
                        + version + ": evaluateChallenger registers it first");
            }
            Map<String, Object> recorded = new LinkedHashMap<>(details == null ? Map.of() : details);
            recorded.put("execution", execution);
            sync.local().setChampion(name, version, "promoted", recorded);
            sync.push();
            JsonNode champion = sync.local().champion().orElseThrow();
            return Map.of("champion", Map.of("name", name, "version", version, "at", champion.path("at").asText()));
        }
    }

    /** Model label -> data label from a bundle's manifest (its {@code dataLabels}, if it renamed them). */
    static Map<String, String> dataLabels(Path manifestJson) throws IOException {
        JsonNode manifest = JSON.readTree(manifestJson.toFile());
        Map<String, String> map = new LinkedHashMap<>();
        JsonNode labels = manifest.path("labels");
        JsonNode dataLabels = manifest.path("dataLabels");
        if (dataLabels.isArray() && dataLabels.size() == labels.size()) {
            for (int i = 0; i < labels.size(); i++) {
                map.put(labels.get(i).asText(), dataLabels.get(i).asText());
            }
        }
        return map;
    }

    private S3Uri trainingData() {
        if (settings.trainingData() == null) {
            throw new IllegalStateException("SIFT_TRAINING_DATA is not set");
        }
        return settings.trainingData();
    }

    private static void checkExecution(String execution) {
        if (execution == null || !execution.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,79}")) {
            throw new IllegalArgumentException("'execution' must be 1-80 characters of [A-Za-z0-9._-] starting "
                    + "alphanumeric (a Step Functions execution name), got " + (execution == null ? "nothing" : "'" + execution + "'"));
        }
    }

    private Path fresh(String execution, String step) throws IOException {
        Path dir = settings.work().resolve(execution).resolve(step);
        Directories.deleteTree(dir);
        return Files.createDirectories(dir);
    }

    private static void download(S3Client s3, S3Uri base, String relativeKey, Path target) throws IOException {
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            s3.getObject(GetObjectRequest.builder().bucket(base.bucket()).key(base.key(relativeKey)).build(),
                    ResponseTransformer.toFile(target));
        } catch (NoSuchKeyException e) {
            throw new IllegalStateException("s3://" + base.bucket() + "/" + base.key(relativeKey) + " does not exist"
                    + (relativeKey.startsWith("datasets/") ? ": upload the base train/val/test.csv and encoder.onnx "
                            + "to " + base + "datasets/ once" : ""));
        }
    }

    private static String required(String name) {
        String value = setting(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    private static String setting(String name) {
        String property = System.getProperty(name.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        String value = property != null ? property : System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }
}
