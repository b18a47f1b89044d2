package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * src/training/sentiment_task.py (make sentiment-data), the default bundle's training task, on tiny
 * htl and shopping10 splits written here: htl's splits plus a capped, polarity-balanced sample of
 * the product reviews; no text of htl val or test reaches training (shopping10's hotel category
 * repeats htl's reviews); the domain test files leave out what htl training saw.
 */
class SentimentTaskTest {
    @TempDir
    Path temp;

    @Test
    void addsAPolarityBalancedSampleOfProductReviewsAndKeepsHtlTestOutOfTraining() throws IOException {
        Path shared = temp.resolve("shared");
        writeSplit(shared.resolve("htl"), "train", "1,干净\n0,吵\n");
        writeSplit(shared.resolve("htl"), "val", "1,早餐好\n");
        writeSplit(shared.resolve("htl"), "test", "0,床脏\n1,位置好\n");
        // 书籍 has 3 positive and 1 negative train reviews; 酒店's train reviews include htl's test and val texts
        writeSplit(shared.resolve("shopping10"), "train",
                "书籍,好书\n书籍,推荐\n书籍,经典\n书籍,印刷差\n酒店,床脏\n酒店,早餐好\n酒店,还会再来\n");
        writeSplit(shared.resolve("shopping10"), "val", "书籍,值得\n酒店,位置好\n");
        writeSplit(shared.resolve("shopping10"), "test", "书籍,无聊\n书籍,精彩\n酒店,干净\n酒店,隔音差\n");
        Path source = Files.writeString(temp.resolve("source.csv"), "\uFEFFcat,label,review\n"
                + "书籍,1,好书\n书籍,1,推荐\n书籍,1,经典\n书籍,0,印刷差\n酒店,0,床脏\n酒店,1,早餐好\n酒店,1,还会再来\n"
                + "书籍,1,值得\n酒店,1,位置好\n书籍,0,无聊\n书籍,1,精彩\n酒店,1,干净\n酒店,0,隔音差\n",
                StandardCharsets.UTF_8);

        TrainerScripts.Result run = TrainerScripts.run(60, "sentiment_task.py", shared.toString(), source.toString(),
                temp.resolve("out").toString(), "--per-category", "2", "--val-per-category", "2");

        assertEquals(0, run.exitCode(), run.output());
        List<String> train = lines("out/train.csv");
        assertEquals("label,text", train.get(0));
        assertTrue(train.containsAll(List.of("1,干净", "0,吵", "0,印刷差", "1,还会再来")), train.toString());
        assertEquals(1, train.stream().filter(l -> List.of("1,好书", "1,推荐", "1,经典").contains(l)).count(),
                "书籍: the one negative review and one of the three positive ones: " + train);
        assertFalse(train.contains("0,床脏") || train.contains("1,早餐好"), "htl test and val texts never train: " + train);
        assertEquals(1 + 2 + 2 + 1, train.size(), "header, htl train, 书籍, 酒店: " + train);
        assertEquals(List.of("label,text", "1,早餐好", "1,值得"), lines("out/val.csv"),
                "htl val + shopping10 val without the htl test text");
        assertEquals(List.of("label,text", "0,床脏", "1,位置好"), lines("out/test.csv"), "htl test, unchanged");
        assertEquals(List.of("label,text", "0,床脏", "1,位置好"), lines("out/domains/htl.csv"));
        assertEquals(List.of("label,text", "0,无聊", "1,精彩"), lines("out/domains/书籍.csv"));
        assertEquals(List.of("label,text", "0,隔音差"), lines("out/domains/酒店.csv"), "without htl's train text 干净");
        assertTrue(run.output().contains("test/书籍 2, test/酒店 1"), run.output());
    }

    @Test
    void refusesAProductReviewTheSourceLacks() throws IOException {
        Path shared = temp.resolve("shared");
        for (String split : List.of("train", "val", "test")) {
            writeSplit(shared.resolve("htl"), split, "1,干净\n");
            writeSplit(shared.resolve("shopping10"), split, split.equals("val") ? "书籍,没见过\n" : "");
        }
        Path source = Files.writeString(temp.resolve("source.csv"), "cat,label,review\n书籍,1,好书\n",
                StandardCharsets.UTF_8);
        TrainerScripts.Result run = TrainerScripts.run(60, "sentiment_task.py", shared.toString(), source.toString(),
                temp.resolve("out").toString());
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("shopping10/val.csv line 2: text not in the source"), run.output());
    }

    private static void writeSplit(Path dir, String split, String rows) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(split + ".csv"), "label,text\n" + rows, StandardCharsets.UTF_8);
    }

    private List<String> lines(String name) throws IOException {
        return Files.readAllLines(temp.resolve(name), StandardCharsets.UTF_8);
    }
}
