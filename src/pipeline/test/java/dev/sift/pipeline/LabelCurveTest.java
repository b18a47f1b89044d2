package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * make label-curve's data and report steps (src/training/label_curve.py): subsets keep each label's share
 * and nest, small ones get enough steps, TF-IDF trains on the very same texts, and the report draws
 * every curve and tabulates the margin.
 */
class LabelCurveTest {
    @TempDir
    Path temp;

    @Test
    void subsetsAreStratifiedAndNestedAndTheReportDrawsEveryCurve() throws IOException {
        TrainerScripts.assumeTorch();
        Path data = Files.createDirectories(temp.resolve("data"));
        Random random = new Random(11);
        TrainerEndToEndTest.writeSplit(data.resolve("val.csv"), 40, random);
        TrainerEndToEndTest.writeSplit(data.resolve("test.csv"), 40, random);
        // 3:1 positive:negative, as skewed as htl's train split (2.2:1)
        StringBuilder train = new StringBuilder("label,text\n");
        for (int i = 0; i < 400; i++) {
            boolean good = i % 4 != 0;
            train.append(good ? '1' : '0').append(',').append(good ? "房间很干净" : "隔音太差").append("，第").append(i).append("条\n");
        }
        Files.writeString(data.resolve("train.csv"), train, StandardCharsets.UTF_8);

        Path out = temp.resolve("curve");
        TrainerScripts.Result plan = TrainerScripts.run(60, "label_curve.py", "subsets", data.toString(), out.toString(),
                "--fractions", "0.1,0.5", "--batch-size", "16", "--epochs", "2", "--min-steps", "30");
        assertEquals(0, plan.exitCode(), plan.output());
        // 40 texts are 3 steps an epoch: 30 steps need 10 epochs; 200 texts are 13 steps, 3 epochs
        assertEquals(List.of(out.resolve("n40") + " 10 3", out.resolve("n200") + " 3 13"), plan.output().lines().toList());
        Map<String, Integer> small = labelCounts(out.resolve("n40").resolve("train.csv"));
        assertEquals(Map.of("1", 30, "0", 10), small, "each label keeps its share");
        Set<String> smallTexts = texts(out.resolve("n40").resolve("train.csv"));
        assertTrue(texts(out.resolve("n200").resolve("train.csv")).containsAll(smallTexts), "10% lies inside 50%");
        assertEquals(Files.readString(data.resolve("test.csv")), Files.readString(out.resolve("n40").resolve("test.csv")),
                "the canonical test split, unchanged");

        TrainerScripts.Result tfidf = TrainerScripts.run(120, "label_curve.py", "tfidf", data.toString(), out.toString(),
                "--fractions", "0.1,0.5", "--seeds", "0,1");
        assertEquals(0, tfidf.exitCode(), tfidf.output());
        JsonNode points = new ObjectMapper().readTree(out.resolve("tfidf.json").toFile()).path("points");
        assertEquals(40, points.get(0).path("texts").asInt());
        assertEquals(2, points.get(0).path("draws").size(), points.toString());

        // the report reads make train's test metrics per subset; one point comes from elsewhere (--point)
        for (String n : List.of("n40", "n200")) {
            Path eval = Files.createDirectories(out.resolve(n).resolve("run").resolve("eval"));
            Files.writeString(eval.resolve("metrics.json"), "{\"accuracy\": 0.9, \"macroF1\": 0.85}");
        }
        Path full = Files.writeString(temp.resolve("full.json"), "{\"accuracy\": 0.95, \"macroF1\": 0.93}");
        Path svg = temp.resolve("curve.svg");
        TrainerScripts.Result report = TrainerScripts.run(60, "label_curve.py", "report", svg.toString(),
                "fine-tune=" + out, "--tfidf", out.resolve("tfidf.json").toString(), "--point", "fine-tune=400:" + full);
        assertEquals(0, report.exitCode(), report.output());
        String drawing = Files.readString(svg);
        assertEquals(2, drawing.split("<polyline", -1).length - 1, "the fine-tune curve and TF-IDF's");
        assertTrue(drawing.contains("fine-tune: 400 texts, 95.00%"), drawing);
        double tfidfAt40 = points.get(0).path("accuracy").asDouble();
        assertTrue(report.output().contains(String.format(Locale.ROOT, "| 40 | 90.00 / 85.00 | %.2f", 100 * tfidfAt40)), report.output());
        assertTrue(report.output().contains(String.format(Locale.ROOT, "%+.2f pt", 100 * (0.9 - tfidfAt40))), report.output());
    }

    @Test
    void refusesATrainSplitWithoutALabelColumn() throws IOException {
        TrainerScripts.assumeTorch();
        Path data = Files.createDirectories(temp.resolve("data"));
        Files.writeString(data.resolve("train.csv"), "review\n好\n", StandardCharsets.UTF_8);
        TrainerScripts.Result run = TrainerScripts.run(60, "label_curve.py", "subsets", data.toString(),
                temp.resolve("out").toString());
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("train.csv: needs a header with label and text columns"), run.output());
    }

    private static Map<String, Integer> labelCounts(Path csv) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            counts.merge(line.substring(0, line.indexOf(',')), 1, Integer::sum);
        }
        return counts;
    }

    private static Set<String> texts(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        return new HashSet<>(lines.subList(1, lines.size()));
    }
}
