package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

import dev.sift.config.SiftConfig;
import dev.sift.config.SiftConfigReader;
import dev.sift.feedback.FeedbackStores;
import dev.sift.model.BundleManifest;
import dev.sift.model.Directories;
import dev.sift.model.ModelBundle;
import dev.sift.monitor.RecordReference;
import dev.sift.registry.RegistrySettings;
import dev.sift.registry.S3RegistryReader;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;
import dev.sift.text.Truncation;

/**
 * The Java steps of the retrain pipeline in AWS (infra's state machine: prepare → SageMaker
 * training → evaluate → promote), each a plain method the direct-invocation zip exports as a
 * function. Data layout under {@code sift.pipeline.training-data} ({@code s3://<models>/training}):
 * {@code datasets/} holds the base {@code train.csv}, {@code val.csv}, the frozen {@code test.csv}
 * and {@code encoder.onnx} (the int8 bge-small-zh the trainer starts from), uploaded once;
 * {@code runs/<execution>/} is what one training job reads.
 */
public final class RetrainSteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SPLITS = List.of("train", "val", "test");
    /** The accuracy the recommended abstention threshold keeps on val (CalibrateBundle). */
    private static final double CALIBRATION_TARGET_ACCURACY = 0.97;
    private static final String TRAINING_DATA = "sift.pipeline.training-data";
    private static final String MODEL_REGISTRY = "sift.pipeline.model-registry";
    private static final String FEEDBACK_STORE = "sift.pipeline.feedback-store";

    /** Where everything is; {@link #fromConfiguration()} reads it from {@code sift.pipeline.*} and {@code sift.registry.*}. */
    public record Settings(S3Uri trainingData, S3Uri registry, String feedbackStore, S3Connection s3,
            FeedbackStores.S3Options feedbackS3, double tolerance, Path work) {
    }

    private final Settings settings;

    public RetrainSteps(Settings settings) {
        this.settings = settings;
    }

    /**
     * The settings in force ({@link SiftConfigReader#read}): what infra sets on the functions as
     * SIFT_PIPELINE_MODEL_REGISTRY, SIFT_PIPELINE_TRAINING_DATA and SIFT_PIPELINE_FEEDBACK_STORE.
     */
    public static Settings fromConfiguration() {
        return settings(SiftConfigReader.read());
    }

    /**
     * The registry is required by every step; training data and the feedback store only by the
     * steps that read them, which say so when they are missing. S3 is reached as
     * {@code sift.registry.s3.*} says, for the registry and for everything else the steps read.
     */
    static Settings settings(SiftConfig config) {
        SiftConfig.Pipeline pipeline = config.pipeline();
        RegistrySettings registry = RegistrySettings.of(config.registry());
        S3Connection s3 = registry.connection();
        return new Settings(
                pipeline.trainingData().map(u -> S3Uri.parse(u, TRAINING_DATA)).orElse(null),
                S3Uri.parse(pipeline.modelRegistry().orElseThrow(() -> notSet(MODEL_REGISTRY)), MODEL_REGISTRY),
                pipeline.feedbackStore().orElse(null), s3,
                new FeedbackStores.S3Options(s3.endpoint(), Optional.of(s3.region().id()), s3.forcePathStyle()),
                pipeline.promoteTolerance(),
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
            throw notSet(FEEDBACK_STORE);
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
            // Calibrated before it is registered, as make train does: the registered bundle serves calibrated
            // scores (a multi-label bundle: per-label thresholds chosen with the served model).
            Path valCsv = work.resolve("val.csv");
            download(s3, data, "datasets/val.csv", valCsv);
            Map<String, Object> calibration = CalibrateBundle.calibrate(challenger, valCsv, goldToModel,
                    CALIBRATION_TARGET_ACCURACY, null, false, Runtime.getRuntime().availableProcessors());
            // The daily drift monitor's reference, as make train records it: val classified by the calibrated bundle.
            int referenceRecords = RecordReference.record(challenger, valCsv);
            PromoteBundle.Decision decision = PromoteBundle.evaluate(sync.local(), challenger, testCsv, goldToModel,
                    settings.tolerance());
            Map<String, Object> details = new LinkedHashMap<>(decision.details());
            details.put("testData", data + "datasets/test.csv");
            details.put("calibration", calibration);
            details.put("monitoringReferenceRecords", referenceRecords);
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
            throw notSet(TRAINING_DATA);
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

    /** Names the variable infra sets, then the key, so the message fits either way of setting it. */
    private static IllegalStateException notSet(String key) {
        String variable = key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
        return new IllegalStateException(variable + " is not set (" + key + ")");
    }
}
