package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.text.Truncation;

/**
 * Ensemble distillation as make distill runs it (teacher.py, then train.py --teacher) on tiny random members:
 * the teacher labels train and unlabeled texts but never a val text, its soft targets are distributions, and
 * a student learns from them; mismatched members or tokenizations are refused.
 */
class DistillTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void teacherAveragesMembersOverTrainAndUnlabeledTextsAndTheStudentLearns() throws IOException {
        TrainerScripts.assumeTorch();
        Path ids = split();
        List<String> members = List.of(member(ids, "1", "run1"), member(ids, "2", "run2"));
        // unlabeled texts: 40 new reviews plus every val review, which the teacher must drop
        Path unlabeledCsv = temp.resolve("unlabeled.csv");
        TrainerEndToEndTest.writeSplit(unlabeledCsv, 40, new Random(5));
        String unlabeled = Files.readString(unlabeledCsv).replace("label,text", "score,text")
                + String.join("\n", Files.readAllLines(temp.resolve("csv").resolve("val.csv")).subList(1, 17)) + "\n";
        Files.writeString(unlabeledCsv, unlabeled, StandardCharsets.UTF_8);
        TokenizeDataset.tokenize(TrainerScripts.ENCODER_TOKENIZER, unlabeledCsv, temp.resolve("unlabeled"), Truncation.head(64), "text");

        Path teacher = temp.resolve("teacher.jsonl");
        List<String> args = new ArrayList<>(List.of("teacher.py", "--members"));
        args.addAll(members);
        args.addAll(List.of("--ids", ids.resolve("train.jsonl").toString(), temp.resolve("unlabeled").resolve("unlabeled.jsonl").toString(),
                "--val", ids.resolve("val.jsonl").toString(), "--exclude", ids.resolve("val.jsonl").toString(),
                "--temperature", "2", "--out", teacher.toString()));
        TrainerScripts.Result made = TrainerScripts.run(120, args.toArray(String[]::new));
        assertEquals(0, made.exitCode(), made.output());

        List<String> lines = Files.readAllLines(teacher, StandardCharsets.UTF_8);
        JsonNode header = JSON.readTree(lines.get(0));
        int rows = header.path("rows").asInt();
        assertEquals(lines.size() - 1, rows);
        // the synthetic reviews repeat now and then: count what the teacher must keep from the texts themselves
        Set<String> val = new HashSet<>(texts(temp.resolve("csv").resolve("val.csv")));
        Set<String> train = new HashSet<>(texts(temp.resolve("csv").resolve("train.csv")));
        train.removeAll(val);
        Set<String> kept = new HashSet<>(train);
        kept.addAll(texts(unlabeledCsv));
        kept.removeAll(val);
        assertEquals(kept.size(), rows, "train + unlabeled texts, each once, none of val's");
        assertTrue(header.path("excluded").path("rowsDropped").asInt() >= 16, "the 16 val reviews among the unlabeled: " + header);
        assertEquals(2, header.path("val").path("members").size(), header.toString());
        int labelled = 0;
        for (String line : lines.subList(1, lines.size())) {
            JsonNode row = JSON.readTree(line);
            double sum = 0;
            for (JsonNode p : row.path("probs")) {
                assertTrue(p.asDouble() >= 0 && p.asDouble() <= 1, line);
                sum += p.asDouble();
            }
            assertEquals(1.0, sum, 1e-4, "a distribution over the labels: " + line);
            labelled += row.path("label").asText().isEmpty() ? 0 : 1;
        }
        assertEquals(train.size(), labelled, "train rows keep their labels, unlabeled rows have none");

        TrainerScripts.Result student = train(ids, "student", "--teacher", teacher.toString(), "--distill-alpha", "0.3");
        assertEquals(0, student.exitCode(), student.output());
        assertTrue(student.output().contains("distilling: " + rows + " teacher rows (" + train.size() + " labelled)"), student.output());
        JsonNode log = JSON.readTree(temp.resolve("student").resolve("train_log.json").toFile());
        assertTrue(log.path("best").path("val_macroF1").asDouble() >= 0.9, "the student learns: " + log.path("best"));
        assertEquals(2.0, log.path("hyperparameters").path("teacher_temperature").asDouble(), log.path("hyperparameters").toString());
    }

    @Test
    void aBagOfWordsMemberJoinsTheAverageFittedOnTheLabelledRowsOnly() throws IOException {
        TrainerScripts.assumeTorch();
        Path ids = split();
        String member = member(ids, "1", "run1");
        List<String> plain = teacher(member, "0", ids.resolve("train.jsonl"));
        // weighted 1000 to 1, the teacher is the bag-of-words model's: on the rows it was fitted on, their labels
        List<String> bagOfWords = teacher(member, "1000", ids.resolve("train.jsonl"));
        JsonNode header = JSON.readTree(bagOfWords.get(0));
        assertEquals(1000.0, header.path("bagOfWords").path("weight").asDouble(), header.toString());
        assertEquals(header.path("rows").asInt(), header.path("bagOfWords").path("labelledRows").asInt(), header.toString());
        assertTrue(header.path("bagOfWords").path("C").asDouble() > 0, header.toString());
        assertTrue(header.path("val").has("bagOfWords") && header.path("val").has("membersAveraged"),
                "its val accuracy and the members' average without it are recorded beside the members': " + header);
        assertTrue(JSON.readTree(plain.get(0)).path("bagOfWords").isMissingNode(), plain.get(0));
        List<String> labels = new ArrayList<>();
        header.path("labels").forEach(label -> labels.add(label.asText()));
        int agree = 0;
        int changed = 0;
        for (int i = 1; i < bagOfWords.size(); i++) {
            JsonNode row = JSON.readTree(bagOfWords.get(i));
            JsonNode probs = row.path("probs");
            int argmax = probs.get(0).asDouble() >= probs.get(1).asDouble() ? 0 : 1;
            agree += labels.get(argmax).equals(row.path("label").asText()) ? 1 : 0;
            changed += probs.equals(JSON.readTree(plain.get(i)).path("probs")) ? 0 : 1;
        }
        int rows = bagOfWords.size() - 1;
        assertTrue(agree >= 0.9 * rows, agree + " of " + rows + " rows: the bag-of-words model fits its own training rows");
        assertTrue(changed >= rows / 2, changed + " of " + rows + " rows' probabilities changed by the new member");

        // fitted on labels only: a teacher over unlabeled texts alone has nothing to fit it on, and says so
        Path unlabeledCsv = temp.resolve("unlabeled.csv");
        TrainerEndToEndTest.writeSplit(unlabeledCsv, 12, new Random(5));
        Files.writeString(unlabeledCsv, Files.readString(unlabeledCsv).replace("label,text", "score,text"), StandardCharsets.UTF_8);
        TokenizeDataset.tokenize(TrainerScripts.ENCODER_TOKENIZER, unlabeledCsv, temp.resolve("unlabeled"), Truncation.head(64), "text");
        TrainerScripts.Result refused = TrainerScripts.run(120, "teacher.py", "--members", member, "--bow-weight", "1",
                "--ids", temp.resolve("unlabeled").resolve("unlabeled.jsonl").toString(), "--out", temp.resolve("refused.jsonl").toString());
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("--bow-weight needs labelled rows of at least two labels"), refused.output());
        assertTrue(Files.notExists(temp.resolve("refused.jsonl")));
    }

    private List<String> teacher(String member, String bowWeight, Path train) throws IOException {
        Path out = temp.resolve("teacher-" + bowWeight + ".jsonl");
        Path val = temp.resolve("ids").resolve("val.jsonl");
        TrainerScripts.Result made = TrainerScripts.run(120, "teacher.py", "--members", member, "--bow-weight", bowWeight,
                "--ids", train.toString(), "--val", val.toString(), "--exclude", val.toString(), "--out", out.toString());
        assertEquals(0, made.exitCode(), made.output());
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    @Test
    void refusesATeacherTokenizedUnlikeTheTrainSplit() throws IOException {
        TrainerScripts.assumeTorch();
        Path ids = split();
        String member = member(ids, "1", "run1");
        // the same texts cut at 16 tokens: a student cannot learn 64-token inputs from them
        Path shortIds = temp.resolve("short");
        TokenizeDataset.tokenize(TrainerScripts.ENCODER_TOKENIZER, temp.resolve("csv").resolve("train.csv"), shortIds, Truncation.head(16));
        Path teacher = temp.resolve("teacher.jsonl");
        TrainerScripts.Result made = TrainerScripts.run(120, "teacher.py", "--members", member, "--ids",
                shortIds.resolve("train.jsonl").toString(), "--out", teacher.toString());
        assertEquals(0, made.exitCode(), made.output());
        TrainerScripts.Result student = train(ids, "student", "--teacher", teacher.toString());
        assertEquals(1, student.exitCode(), student.output());
        assertTrue(student.output().contains("teacher source train.jsonl was tokenized at 16"), student.output());
    }

    private static List<String> texts(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size()).stream().map(line -> line.substring(line.indexOf(',') + 1)).toList();
    }

    private Path split() throws IOException {
        Random random = new Random(9);
        Path csv = Files.createDirectories(temp.resolve("csv"));
        Path ids = temp.resolve("ids");
        for (String split : List.of("train", "val")) {
            TrainerEndToEndTest.writeSplit(csv.resolve(split + ".csv"), split.equals("train") ? 48 : 16, random);
            // 64 tokens cut none of these reviews: equal ids mean equal texts
            TokenizeDataset.tokenize(TrainerScripts.ENCODER_TOKENIZER, csv.resolve(split + ".csv"), ids, Truncation.head(64));
        }
        return ids;
    }

    private String member(Path ids, String seed, String out) throws IOException {
        TrainerScripts.Result run = train(ids, out, "--seed", seed);
        assertEquals(0, run.exitCode(), run.output());
        return temp.resolve(out).resolve("best.pt").toString();
    }

    private TrainerScripts.Result train(Path ids, String out, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("train.py", "--data", ids.toString(), "--out", temp.resolve(out).toString(),
                "--init", "random", "--epochs", "12", "--batch-size", "8", "--lr", "2e-3", "--warmup", "0.05",
                "--patience", "100", "--threads", "2", "--log-every", "48"));
        args.addAll(List.of(options));
        return TrainerScripts.run(120, args.toArray(String[]::new));
    }
}
