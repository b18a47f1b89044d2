package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * src/training/multilabel_task.py (make multilabel-data) on a tiny split and source written here:
 * each row of the split keeps its place and gains the source's polarity; duplicates take their
 * first source row, as the canonical split did; a text the source lacks, or a category it
 * contradicts, stops the build with the row named. Needs only Python's standard library.
 */
class MultiLabelTaskTest {
    @TempDir
    Path temp;

    @Test
    void addsEachReviewsPolarityToItsCategory() throws IOException {
        Path splits = writeSplits("书籍,\"好书, 推荐\"\n酒店,房间太小\n", "酒店,还会再来\n", "书籍,印刷差\n");
        Path source = write("source.csv", "\uFEFFcat,label,review\n书籍,1,\"好书, 推荐\"\n酒店,0,房间太小\n"
                + "酒店,1,还会再来\n书籍,0,印刷差\n书籍,1,印刷差\n");
        TrainerScripts.Result run = TrainerScripts.run(60, "multilabel_task.py", splits.toString(), source.toString(),
                temp.resolve("out").toString());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("train 2, val 1, test 1"), run.output());
        assertEquals(List.of("label,text", "书籍|positive,\"好书, 推荐\"", "酒店|negative,房间太小"), lines("out/train.csv"));
        assertEquals(List.of("label,text", "酒店|positive,还会再来"), lines("out/val.csv"));
        assertEquals(List.of("label,text", "书籍|negative,印刷差"), lines("out/test.csv"), "the first of duplicate rows");
    }

    @Test
    void refusesATextTheSourceLacksOrACategoryItContradicts() throws IOException {
        Path source = write("source.csv", "cat,label,review\n书籍,1,好书\n");
        Path missing = writeSplits("书籍,好书\n书籍,没见过\n", "", "");
        TrainerScripts.Result run = TrainerScripts.run(60, "multilabel_task.py", missing.toString(), source.toString(),
                temp.resolve("out").toString());
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("train.csv line 3: text not in"), run.output());

        Path contradicted = writeSplits("酒店,好书\n", "", "");
        run = TrainerScripts.run(60, "multilabel_task.py", contradicted.toString(), source.toString(),
                temp.resolve("out2").toString());
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("train.csv line 2: label '酒店' but the source says '书籍'"), run.output());
    }

    private Path writeSplits(String train, String val, String test) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("splits" + System.nanoTime()));
        Files.writeString(dir.resolve("train.csv"), "label,text\n" + train, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("val.csv"), "label,text\n" + val, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("test.csv"), "label,text\n" + test, StandardCharsets.UTF_8);
        return dir;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(temp.resolve(name), content, StandardCharsets.UTF_8);
    }

    private List<String> lines(String name) throws IOException {
        return Files.readAllLines(temp.resolve(name), StandardCharsets.UTF_8);
    }
}
