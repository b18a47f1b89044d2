package dev.sift.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sift.feedback.FeedbackStores;
import dev.sift.predictions.PredictionLog;
import dev.sift.predictions.PredictionRecord;
import dev.sift.text.TextSketch;

class ReviewQueueTest {
    @TempDir
    Path temp;

    private static ReviewQueue.Candidate candidate(String text, double top) {
        return new ReviewQueue.Candidate(text, new double[] {top, 1 - top}, TextSketch.of(text));
    }

    @Test
    void takesTheMostUncertainFirstAndNeverTheSameTextTwice() {
        List<ReviewQueue.Candidate> c = List.of(candidate("房间很干净", 0.99), candidate("还行吧", 0.52),
                candidate("还 行 吧", 0.51), candidate("ＷｉＦｉ一般", 0.6), candidate("WiFi一般", 0.6), candidate("早餐难吃", 0.97));
        List<Integer> chosen = ReviewQueue.select(c, 3);
        assertEquals(1, chosen.get(0), "the smallest margin first (of two copies of a text, the first is kept)");
        assertFalse(chosen.contains(2), "'还 行 吧' is '还行吧' with spaces: one label for both");
        assertTrue(chosen.contains(3) ^ chosen.contains(4), "full-width and half-width WiFi are one text: " + chosen);
        assertEquals(3, chosen.size());
    }

    @Test
    void spreadsTheLabelsOverDifferentTextsInsteadOfABurstOfOneKind() {
        List<ReviewQueue.Candidate> c = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // a burst of near-identical uncertain texts
            c.add(candidate("这个手机的电池不行" + "！".repeat(i % 3) + (i < 10 ? "" : "了".repeat(i / 10)), 0.55));
        }
        c.add(candidate("酒店前台服务热情周到", 0.6));
        c.add(candidate("物流太慢包装破损", 0.62));
        List<Integer> chosen = ReviewQueue.select(c, 5);
        assertTrue(chosen.contains(40) && chosen.contains(41), "k-center reaches the other kinds of text: " + chosen);
        assertEquals(chosen.size(), new HashSet<>(chosen).size());
    }

    @Test
    void skipsNearDuplicatesEvenWhenMoreAreAskedFor() {
        List<ReviewQueue.Candidate> c = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            c.add(new ReviewQueue.Candidate("text " + i, new double[] {0.5, 0.5}, new float[] {1, 0, 0}));
        }
        assertEquals(1, ReviewQueue.select(c, 5).size(), "ten texts with one sketch: one label");
    }

    @Test
    void writesACsvToFillInFromAPredictionLogThatKeepsTexts() throws IOException {
        String store = "file:" + temp.resolve("log");
        Instant day = Instant.parse("2026-12-02T10:00:00Z");
        try (PredictionLog log = new PredictionLog(FeedbackStores.open(store, FeedbackStores.S3Options.defaults()), 1.0,
                100, Duration.ofDays(1), Clock.fixed(day, ZoneOffset.UTC), PredictionLog.Flush.INLINE)) {
            List<PredictionRecord> records = new ArrayList<>();
            String[] texts = {"房间很干净", "还行吧", "一般般，说不上好坏", "前台态度恶劣"};
            double[] tops = {0.99, 0.55, 0.51, 0.97};
            for (int i = 0; i < texts.length; i++) {
                records.add(new PredictionRecord(day, "classify", "review-sentiment", "1.3.0", "positive", false, null,
                        Map.of("positive", tops[i], "negative", 1 - tops[i]), texts[i].length(), texts[i].length() + 2, 0,
                        TextSketch.of(texts[i]), texts[i], List.of()));
            }
            log.add(records);
        }
        Path out = temp.resolve("queue.csv");
        assertEquals(2, ReviewQueueCommand.write(store, out, 2, null, null, null));
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals("id,text,predicted,score,model_version,label", lines.get(0));
        assertTrue(lines.get(1).startsWith(ReviewQueueCommand.id("一般般，说不上好坏") + ",一般般，说不上好坏,positive,0.51,1.3.0,"),
                lines.get(1));
        assertTrue(lines.get(2).contains(",还行吧,positive,0.55,1.3.0,"), lines.get(2));
    }

    @Test
    void refusesALogThatKeepsNoText() throws IOException {
        String store = "file:" + temp.resolve("log");
        Instant day = Instant.parse("2026-12-02T10:00:00Z");
        try (PredictionLog log = new PredictionLog(FeedbackStores.open(store, FeedbackStores.S3Options.defaults()), 1.0,
                100, Duration.ofDays(1), Clock.fixed(day, ZoneOffset.UTC), PredictionLog.Flush.INLINE)) {
            log.add(List.of(new PredictionRecord(day, "classify", "m", "1", "positive", false, null,
                    Map.of("positive", 0.6, "negative", 0.4), 3, 5, 0, new float[16], null, null)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReviewQueueCommand.write(store, temp.resolve("q.csv"), 5, null, null, null));
        assertTrue(e.getMessage().contains("needs sift.predictions.keep-text=true"), e.getMessage());
    }
}
