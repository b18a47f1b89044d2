package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.Prediction;
import dev.sift.model.TextClassifier;
import dev.sift.text.Truncation;

/**
 * The training job end to end on a tiny random-initialised encoder and 80 synthetic reviews (no
 * ../shared): serving tokenizer -> job.py run the way make train runs it (train.py -> export ->
 * static int8 -> bundle, the one copy of that sequence), then the int8 bundle is loaded,
 * evaluated and compared with its fp32 twin by the serving code.
 */
class TrainerEndToEndTest {
    private static final String[] GOOD = {"房间很干净", "服务非常热情", "早餐丰富", "位置方便", "性价比很高", "下次还来"};
    private static final String[] BAD = {"房间很脏", "服务态度差", "早餐难吃", "隔音太差", "价格太贵", "再也不来"};
    private static final String[] FILLER = {"我们住了两晚", "出差入住", "朋友推荐的", "总的来说", "周末带家人来"};

    @TempDir
    Path temp;

    @Test
    void trainsExportsQuantizesAndServesATinyClassifier() throws IOException {
        TrainerScripts.assumeTorch();
        Path csvDir = Files.createDirectories(temp.resolve("data"));
        Random random = new Random(7);
        writeSplit(csvDir.resolve("train.csv"), 48, random);
        writeSplit(csvDir.resolve("val.csv"), 16, random);
        writeSplit(csvDir.resolve("test.csv"), 16, random);
        trainTiny(csvDir, "12");

        String int8 = temp.resolve("bundle-int8").toString();
        JsonNode manifest = new ObjectMapper().readTree(temp.resolve("bundle-int8").resolve("manifest.json").toFile());
        assertEquals(new ObjectMapper().readTree("{\"encoder\":\"bert\",\"layers\":2,\"hidden\":64,\"heads\":4,"
                + "\"intermediate\":128,\"vocab\":21128,\"maxPositions\":512,\"labels\":2}"),
                manifest.path("architecture"), "architecture read from the graph");
        assertEquals("random", manifest.path("hyperparameters").path("init").asText());
        assertEquals("tiny", manifest.path("name").asText());
        assertEquals(12, manifest.path("hyperparameters").path("epochs").asInt(), "train.py arguments after -- reach it: " + manifest);
        assertTrue(manifest.path("quantization").asText().contains("uint8 with zero point 128"),
                "quantize.py stores weights for exact U8U8 kernels: " + manifest.path("quantization"));
        try (TextClassifier classifier = TextClassifier.load(ModelBundle.load(int8),
                InferenceSettings.defaults().withIntraOpThreads(1))) {
            assertEquals(List.of("0", "1"), classifier.info().labels());
            assertEquals(24, classifier.manifest().maxLength());
            List<Prediction> p = classifier.classify(List.of("房间很干净，服务非常热情", "服务态度差，再也不来"), 2);
            assertEquals("1", p.get(0).label());
            assertEquals("0", p.get(1).label());
        }
        Map<String, Object> metrics = EvaluateBundle.evaluate(int8, csvDir.resolve("test.csv"), Map.of(), 1);
        assertTrue((double) metrics.get("accuracy") >= 0.9, "int8 test accuracy " + metrics.get("accuracy"));
        Map<String, Object> comparison = CompareBundles.compare(temp.resolve("bundle-fp32").toString(), int8,
                csvDir.resolve("test.csv"));
        System.out.println("tiny int8 vs fp32: " + comparison);
        assertTrue((double) comparison.get("agreement") >= 0.9, "agreement " + comparison.get("agreement"));
        @SuppressWarnings("unchecked")
        Map<String, Object> candidate = (Map<String, Object>) comparison.get("candidate");
        assertTrue((double) candidate.get("batchInvarianceMaxProbabilityDiff") < 1e-6,
                "static int8 must be batch-invariant: " + candidate);
        assertTrue((int) candidate.get("modelBytes") * 3 < (int) ((Map<?, ?>) comparison.get("reference")).get("modelBytes"),
                "int8 model should be under a third of fp32: " + comparison);
    }

    @Test
    void trainsAMultiLabelBundleWhoseLabelSetsMatchTheData() throws IOException {
        TrainerScripts.assumeTorch();
        Path csvDir = Files.createDirectories(temp.resolve("data"));
        Random random = new Random(11);
        writeMultiLabelSplit(csvDir.resolve("train.csv"), 96, random);
        writeMultiLabelSplit(csvDir.resolve("val.csv"), 30, random);
        writeMultiLabelSplit(csvDir.resolve("test.csv"), 30, random);
        trainTiny(csvDir, "25");

        String int8 = temp.resolve("bundle-int8").toString();
        JsonNode manifest = new ObjectMapper().readTree(temp.resolve("bundle-int8").resolve("manifest.json").toFile());
        assertEquals("multilabel", manifest.path("kind").asText(), "'|' in the labels makes a multi-label bundle");
        assertEquals(List.of("breakfast", "negative", "positive", "room", "service"),
                new ObjectMapper().convertValue(manifest.path("labels"), List.class));
        manifest.path("thresholds").forEach(t -> assertTrue(t.asDouble() >= 0.05 && t.asDouble() <= 0.95, manifest.toString()));
        assertEquals(5, manifest.path("thresholds").size(), "one threshold per label, chosen on val: " + manifest);
        try (TextClassifier classifier = TextClassifier.load(ModelBundle.load(int8),
                InferenceSettings.defaults().withIntraOpThreads(1))) {
            Prediction p = classifier.classify(List.of("出差入住，早餐难吃，早餐难吃。"), 5).get(0);
            assertEquals(List.of("breakfast", "negative"), p.labels().stream().sorted().toList(), p.toString());
        }
        // make calibrate re-chooses the thresholds with the served int8 model.
        Map<String, Object> chosen = CalibrateBundle.calibrate(temp.resolve("bundle-int8"), csvDir.resolve("val.csv"),
                Map.of(), 0.97, null, false, 1);
        assertEquals(5, ((Map<?, ?>) chosen.get("thresholds")).size(), chosen.toString());
        assertTrue((double) chosen.get("valMicroF1After") >= 0.9, chosen.toString());
        JsonNode calibrated = new ObjectMapper().readTree(temp.resolve("bundle-int8").resolve("manifest.json").toFile());
        assertEquals(calibrated.path("thresholdsChosen").path("valMicroF1After").asDouble(),
                (double) chosen.get("valMicroF1After"), 1e-12);
        assertTrue(calibrated.path("calibration").isMissingNode(), "no temperature for a multi-label bundle");
        Map<String, Object> metrics = EvaluateBundle.evaluate(int8, csvDir.resolve("test.csv"), Map.of(), 1);
        assertEquals("multilabel", metrics.get("kind"));
        assertTrue((double) metrics.get("microF1") >= 0.9, "int8 test micro-F1 " + metrics);
        assertTrue((double) metrics.get("exactMatch") >= 0.8, "int8 test exact match " + metrics);
        String report = EvaluationReport.html(metrics);
        assertTrue(report.contains("micro-F1") && report.contains("<td>breakfast</td>"), report);
        Map<String, Object> comparison = CompareBundles.compare(temp.resolve("bundle-fp32").toString(), int8,
                csvDir.resolve("test.csv"));
        assertTrue((double) comparison.get("agreement") >= 0.9, "label-set agreement " + comparison);
        assertTrue(comparison.containsKey("microF1Drop"), comparison.toString());
    }

    /** The channel make train writes, then job.py exactly as make train runs it, into bundle-int8 and bundle-fp32. */
    private void trainTiny(Path csvDir, String epochs) throws IOException {
        Path channel = Files.createDirectories(temp.resolve("channel"));
        for (String split : List.of("train", "val", "test")) {
            TokenizeDataset.tokenize(TrainerScripts.ENCODER_TOKENIZER, csvDir.resolve(split + ".csv"), channel.resolve("ids"),
                    Truncation.headTail(24, 8));
        }
        Files.copy(TrainerScripts.ENCODER_TOKENIZER, channel.resolve("tokenizer.json"));
        python("job.py", "--data", channel.toString(), "--model-dir", temp.resolve("bundle-int8").toString(),
                "--work", temp.resolve("work").toString(), "--output", temp.resolve("output").toString(),
                "--name", "tiny", "--version", "0.0.1", "--init", "random",
                "--fp32-bundle", temp.resolve("bundle-fp32").toString(),
                "--", "--epochs", epochs, "--batch-size", "8", "--lr", "2e-3", "--warmup", "0.05", "--patience", "100",
                "--threads", "2", "--log-every", "24");
    }

    /**
     * The trainer tests' tiny task: 48 train and 16 val rows of {@link #writeSplit} (or {@link #writeMultiLabelSplit}),
     * written under {@code dir}/csv and tokenized to 24 tokens into {@code dir}/ids, which is returned.
     */
    static Path tinyTokenizedSplit(Path dir, boolean multiLabel) throws IOException {
        Random random = new Random(7);
        Path csv = Files.createDirectories(dir.resolve("csv"));
        Path ids = dir.resolve("ids");
        for (String split : List.of("train", "val")) {
            int rows = split.equals("train") ? 48 : 16;
            if (multiLabel) {
                writeMultiLabelSplit(csv.resolve(split + ".csv"), rows, random);
            } else {
                writeSplit(csv.resolve(split + ".csv"), rows, random);
            }
            TokenizeDataset.tokenize(TrainerScripts.ENCODER_TOKENIZER, csv.resolve(split + ".csv"), ids,
                    Truncation.head(24));
        }
        return ids;
    }

    /** Each review names a topic (room, breakfast, service) well or badly: labels like {@code room|positive}. */
    static void writeMultiLabelSplit(Path csv, int rows, Random random) throws IOException {
        String[][] phrases = {{"房间很干净", "房间很脏"}, {"早餐丰富", "早餐难吃"}, {"服务非常热情", "服务态度差"}};
        String[] topics = {"room", "breakfast", "service"};
        StringBuilder out = new StringBuilder("label,text\n");
        for (int i = 0; i < rows; i++) {
            int topic = i % 3;
            boolean good = (i / 3) % 2 == 0;
            StringBuilder text = new StringBuilder();
            for (int f = random.nextInt(3); f > 0; f--) {
                text.append(FILLER[random.nextInt(FILLER.length)]).append('，');
            }
            String phrase = phrases[topic][good ? 0 : 1];
            text.append(phrase).append('，').append(phrase).append('。');
            out.append(topics[topic]).append('|').append(good ? "positive" : "negative").append(',').append(text).append('\n');
        }
        Files.writeString(csv, out, StandardCharsets.UTF_8);
    }

    private static void python(String... args) throws IOException {
        TrainerScripts.Result result = TrainerScripts.run(120, args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + " failed:\n" + result.output());
    }

    /** Reviews of varied length: a verdict phrase (label 1 good, 0 bad) among neutral filler. */
    static void writeSplit(Path csv, int rows, Random random) throws IOException {
        StringBuilder out = new StringBuilder("label,text\n");
        for (int i = 0; i < rows; i++) {
            boolean good = i % 2 == 0;
            StringBuilder text = new StringBuilder();
            int fillers = random.nextInt(4);
            for (int f = 0; f < fillers; f++) {
                text.append(FILLER[random.nextInt(FILLER.length)]).append('，');
            }
            String[] verdicts = good ? GOOD : BAD;
            text.append(verdicts[random.nextInt(verdicts.length)]).append('，')
                    .append(verdicts[random.nextInt(verdicts.length)]).append('。');
            out.append(good ? '1' : '0').append(',').append(text).append('\n');
        }
        Files.writeString(csv, out, StandardCharsets.UTF_8);
    }
}
