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

    @Test
    void writesMetricsJsonAndAnHtmlReportWithBothPictures() throws Exception {
        Path csv = temp.resolve("eval.csv");
        // 好 → positive, 差 → negative, 般 → neutral; the last row is deliberately mislabelled.
        Files.writeString(csv, "label,text\npositive,很好\nnegative,很差\nneutral,一般\npositive,服务好\nneutral,差\n");
        Path out = temp.resolve("out");
        EvaluateBundle.main(new String[] {"classpath:bundles/tiny-classifier", csv.toString(), out.toString(),
            "--threads", "1"});

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
        assertEquals(2, html.split("<svg", -1).length - 1, "two pictures");
        assertTrue(html.contains("accuracy 80.00%"), html);
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
