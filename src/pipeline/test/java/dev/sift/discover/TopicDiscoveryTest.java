package dev.sift.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TopicDiscoveryTest {
    private static final String[][] TOPIC_WORDS = {{"手机", "屏幕", "电池"}, {"酒店", "房间", "前台"}, {"水果", "新鲜", "苹果"}};

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TopicDiscovery.Method.class)
    void shouldFindThePlantedTopics_withKChosenAutomatically(TopicDiscovery.Method method) throws IOException {
        TextColumn input = plantedTexts(90);
        Embeddings vectors = SyntheticVectors.flat(SyntheticVectors.around(3, 30, 16, 0.15, 1));
        TopicDiscovery.Result result = TopicDiscovery.run(input, vectors,
                new TopicDiscovery.Settings(0, 2, 8, new WordSegmenter.CharBigrams(), 5, 1, method), quiet());
        assertEquals(3, result.k());
        assertEquals(7, result.kChoice().scores().size());
        String score = method == TopicDiscovery.Method.SPECTRAL ? "eigengap" : "silhouette";
        assertEquals(score, result.kChoice().scoreName());
        String html = ReportPage.html(input, result, "test");
        assertTrue(html.contains("How K was chosen") && html.contains("<title>K = 3: " + score), "the K chart");
        List<String> truth = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            truth.add("topic" + i % 3);
        }
        assertEquals(1.0, ClusterAgreement.of(result.cluster(), truth).nmi(), 1e-9);
        for (TopicDiscovery.Cluster c : result.clusters()) {
            assertEquals(30, c.size());
            int topic = result.cluster()[c.nearest().get(0)] == c.id() ? c.nearest().get(0) % 3 : -1;
            String top = c.keywords().get(0).term();
            assertTrue(List.of(TOPIC_WORDS[topic]).contains(top), "cluster " + c.id() + " keyword " + top);
            assertTrue(c.cohesion() > 0.8, "cohesion " + c.cohesion());
        }
    }

    @Test
    void shouldRefuseAKLargerThanTheDistinctTexts() throws IOException {
        TextColumn input = plantedTexts(6);
        Embeddings vectors = SyntheticVectors.flat(SyntheticVectors.around(3, 2, 4, 0.1, 1));
        BadInputException e = assertThrows(BadInputException.class, () -> TopicDiscovery.run(input, vectors,
                new TopicDiscovery.Settings(7, 2, 20, new WordSegmenter.CharBigrams(), 5, 1, TopicDiscovery.Method.SPECTRAL), quiet()));
        assertTrue(e.getMessage().contains("K=7 is out of range"), e.getMessage());
    }

    @Test
    void shouldWriteEveryRowAndADraftLabelSet() throws IOException {
        TextColumn input = plantedTexts(30);
        TopicDiscovery.Result result = TopicDiscovery.run(input,
                SyntheticVectors.flat(SyntheticVectors.around(3, 10, 8, 0.1, 2)),
                new TopicDiscovery.Settings(3, 2, 20, new WordSegmenter.CharBigrams(), 4, 1, TopicDiscovery.Method.SPECTRAL), quiet());
        Path csv = dir.resolve("assignments.csv");
        DiscoveryFiles.writeAssignments(csv, input, result);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(31, lines.size());
        assertTrue(lines.get(1).matches("1,[0-2],0\\.\\d{4}"), lines.get(1));
        LabelSet draft = DiscoveryFiles.draftLabels(input, result, 4);
        assertEquals(List.of("cluster-0", "cluster-1", "cluster-2"), draft.names());
        assertEquals(4, draft.labels().get(0).examples().size());
        String html = ReportPage.html(input, result, "test");
        assertTrue(html.contains("<svg") && html.contains("<circle") && html.contains("cluster-2"));
        assertTrue(!html.contains("<script"), "self-contained, no scripts");
        assertTrue(!html.contains("How K was chosen"), "K was given");
    }

    /** n texts, text i about topic i % 3, each distinct. */
    private TextColumn plantedTexts(int n) throws IOException {
        StringBuilder csv = new StringBuilder("text\n");
        for (int i = 0; i < n; i++) {
            String[] words = TOPIC_WORDS[i % 3];
            csv.append(words[i % 3]).append("，").append(words[(i + 1) % 3]).append("。第").append(i).append("条\n");
        }
        Path file = dir.resolve("texts-" + n + ".csv");
        Files.writeString(file, csv);
        return TextColumn.read(file, "text", null);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
