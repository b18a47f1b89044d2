package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** make evaluate on the tiny fixture bundle, whose answer for each word is known. */
class EvaluateBundleTest {
    @TempDir
    Path temp;

    /**
     * make evaluate of the tiny bundle on five texts into {@code temp/out}: 好 → positive, 差 → negative,
     * 般 → neutral; the last row is deliberately mislabelled, so the report has one mistake.
     */
    static Path evaluateTinyBundle(Path temp) throws Exception {
        Path csv = temp.resolve("eval.csv");
        Files.writeString(csv, "label,text\npositive,很好\nnegative,很差\nneutral,一般\npositive,服务好\nneutral,差\n");
        Path out = temp.resolve("out");
        EvaluateBundle.main(new String[] {"classpath:bundles/tiny-classifier", csv.toString(), out.toString(),
            "--threads", "1"});
        return out;
    }

    @Test
    void writesMetricsJsonAndAnHtmlReportWithBothPictures() throws Exception {
        Path out = evaluateTinyBundle(temp);

        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(0.8, metrics.get("accuracy").asDouble(), 1e-9);
        assertEquals(5, metrics.get("examples").asInt());
        assertEquals(1, metrics.at("/confusion/1/0").asInt(), "the mislabelled 差 lands in row neutral, column negative");
        assertTrue(metrics.get("macroF1").asDouble() > 0 && metrics.get("macroF1").asDouble() < 1);
        double ece = metrics.get("expectedCalibrationError").asDouble();
        assertTrue(ece >= 0 && ece <= 1, "ECE " + ece);
        assertTrue(metrics.get("reliability").size() >= 1);
        assertTrue(metrics.at("/latencyMs/p50").asDouble() > 0);
        assertTrue(metrics.at("/perClass/positive/recall").asDouble() == 1.0);

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(metrics.at("/cpu/onnxRuntime").asText().matches("\\d+\\.\\d+\\.\\d+"), "ONNX Runtime version: " + metrics);
        assertTrue(metrics.at("/cpu/avx2").isBoolean() && metrics.at("/cpu/avx512vnni").isBoolean()
                && metrics.at("/cpu/neon").isBoolean(), "the CPU's kernel-choosing flags: " + metrics.get("cpu"));
        assertEquals(0.8, metrics.at("/kernelPaths/fusedAccuracy").asDouble(), 1e-9, "fused = served path");
        assertTrue(metrics.at("/kernelPaths/referenceAccuracy").isNumber(), "reference path's accuracy");
        assertTrue(html.contains("Kernel paths") && html.contains("reference (level none"), "both paths in the report");
        assertTrue(html.contains("Confusion matrix") && html.contains("Reliability diagram"));
        assertTrue(html.contains("Risk–coverage") && html.contains("most confident mistakes"), "risk–coverage and mistakes");
        assertEquals(4, html.split("<svg", -1).length - 1,
                "confusion, reliability before and after calibration, risk–coverage");
        assertTrue(html.contains("accuracy 80.00%"), html);
        assertTrue(html.contains(">0.2</text>") && html.contains(">0.8</text>"), "ticks on the axes");

        assertEquals(1.0, metrics.get("temperature").asDouble(), "the tiny bundle has no temperature");
        assertEquals(ece, metrics.get("uncalibratedExpectedCalibrationError").asDouble(), 1e-12,
                "at temperature 1 both ECEs are one");
        JsonNode curve = metrics.get("riskCoverage");
        assertEquals(1.0, curve.get(curve.size() - 1).get("coverage").asDouble(), 1e-9);
        assertEquals(0.8, curve.get(curve.size() - 1).get("accuracy").asDouble(), 1e-9, "full coverage: plain accuracy");
        JsonNode mistakes = metrics.get("confidentMistakes");
        assertEquals(1, mistakes.size());
        assertEquals("差", mistakes.get(0).get("text").asText());
        assertEquals(6, mistakes.get(0).get("row").asInt(), "its CSV row, header = row 1");
        assertEquals("negative", mistakes.get(0).get("predicted").asText());
    }

    @Test
    void riskCoverageAnswersTheSurestTextsFirstAndFindsTheLowestThresholdForATarget() {
        double[] scores = {0.99, 0.95, 0.9, 0.8, 0.7, 0.6};
        boolean[] correct = {true, true, false, true, true, false};
        RiskCoverage rc = new RiskCoverage(scores, correct);
        assertEquals(1.0, rc.accuracyAtCoverage(2.0 / 6), 1e-12);
        assertEquals(4.0 / 6, rc.accuracyAtCoverage(1.0), 1e-12);
        RiskCoverage.Threshold t = rc.lowestThresholdFor(0.8);
        assertEquals(0.7, t.minScore(), 1e-12, "the 5 surest texts are 4/5 right");
        assertEquals(5.0 / 6, t.coverage(), 1e-12);
        assertEquals(0.95, rc.lowestThresholdFor(1.0).minScore(), 1e-12);
        assertEquals(null, new RiskCoverage(new double[] {0.9}, new boolean[] {false}).lowestThresholdFor(0.5));
    }

    @Test
    void temperatureFitRecoversTheTemperatureTheLabelsWereDrawnAt() {
        java.util.Random random = new java.util.Random(42);
        int n = 20_000;
        double[][] logits = new double[n][3];
        int[] gold = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                logits[i][j] = random.nextGaussian() * 4;
            }
            // labels drawn from softmax(logits / 2): a model twice as sure as it should be
            double[] p = new dev.sift.model.ScoreCalibration(2.0, null, null).probabilities(logits[i]);
            double u = random.nextDouble();
            gold[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
        }
        double t = TemperatureFit.fit(logits, gold);
        assertEquals(2.0, t, 0.1, "fitted " + t);
        assertTrue(TemperatureFit.logLoss(logits, gold, t) < TemperatureFit.logLoss(logits, gold, 1.0));
    }

    @Test
    void calibrateWritesTheTemperatureAndThresholdIntoTheManifestAndTheBundleServesThem() throws Exception {
        Path bundle = dev.sift.model.TestBundles.copy(dev.sift.model.TestBundles.TINY, temp.resolve("bundle"));
        Path csv = temp.resolve("val.csv");
        StringBuilder rows = new StringBuilder("label,text\n");
        for (int i = 0; i < 20; i++) {
            rows.append("positive,很好\nnegative,很差\nneutral,一般\n").append(i % 4 == 0 ? "neutral,好\n" : "positive,好\n");
        }
        Files.writeString(csv, rows);
        int exit = CommandLineTool.commandLine(new CalibrateBundle.Cli()).execute(bundle.toString(), csv.toString(),
                "--target-accuracy", "0.9", "--version", "9.9.9", "--apply-min-score", "--threads", "1");
        assertEquals(0, exit);
        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals("9.9.9", manifest.get("version").asText());
        double t = manifest.at("/calibration/temperature").asDouble();
        assertTrue(t > 0 && t != 1.0, "a fitted temperature: " + t);
        assertTrue(manifest.at("/calibration/logLossAfter").asDouble() <= manifest.at("/calibration/logLossBefore").asDouble());
        double recommended = manifest.at("/abstention/recommendedMinScore").asDouble();
        assertEquals(recommended, manifest.at("/abstention/minScore").asDouble(), "--apply-min-score applies it");
        assertTrue(manifest.at("/abstention/valAccuracy").asDouble() >= 0.9);
        try (dev.sift.model.TextClassifier served = dev.sift.model.TextClassifier.load(
                dev.sift.model.ModelBundle.load(bundle.toString()), dev.sift.model.TestBundles.oneThread())) {
            assertEquals(t, served.calibration().temperature());
            assertEquals(recommended, served.info().minScore());
        }
    }

    @Test
    void calibrationErrorIsTheWeightedGapBetweenConfidenceAndAccuracy() {
        CalibrationBins bins = new CalibrationBins(10);
        bins.add(0.95, true);
        bins.add(0.95, false); // bin 0.9–1.0: confidence 0.95, accuracy 0.5
        bins.add(0.55, true); // bin 0.5–0.6: confidence 0.55, accuracy 1.0
        assertEquals((2 * 0.45 + 1 * 0.45) / 3, bins.expectedCalibrationError(), 1e-12);
        assertEquals(2, bins.bins().size());
    }
}
