package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.text.Truncation;

/**
 * Domain-adaptive pretraining (make pretrain: TokenizeDataset --text-column, then pretrain.py) on a
 * tiny random encoder and a few hundred synthetic reviews: the masked-token loss on held-out texts
 * falls, the encoder checkpoint records how it was made, and train.py fine-tunes from it.
 */
class PretrainTest {
    private static final String[] PHRASES = {"房间很干净", "服务非常热情", "早餐丰富", "位置方便", "隔音太差", "价格太贵",
        "前台态度差", "下次还来"};

    @TempDir
    Path temp;

    @Test
    void learnsTheCorpusMaskedTokensAndHandsTheEncoderToFineTuning() throws IOException {
        TrainerScripts.assumeTorch();
        Random random = new Random(3);
        StringBuilder unlabeled = new StringBuilder("id,review\n");
        for (int i = 0; i < 300; i++) {
            unlabeled.append(i).append(',');
            for (int p = 0; p < 3; p++) {
                unlabeled.append(PHRASES[random.nextInt(PHRASES.length)]).append(p < 2 ? '，' : '。');
            }
            unlabeled.append('\n');
        }
        Path csv = Files.writeString(temp.resolve("reviews.csv"), unlabeled, StandardCharsets.UTF_8);
        Path ids = temp.resolve("ids");
        TokenizeDataset.tokenize(TrainerScripts.ENCODER_TOKENIZER, csv, ids, Truncation.head(24), "review");
        List<String> lines = Files.readAllLines(ids.resolve("reviews.jsonl"), StandardCharsets.UTF_8);
        assertEquals(301, lines.size(), "a header and one line per row");
        assertEquals("", new ObjectMapper().readTree(lines.get(1)).path("label").asText(), "unlabeled: empty labels");

        Path out = temp.resolve("pretrain");
        python("pretrain.py", "--data", ids.toString(), "--tokenizer", TrainerScripts.ENCODER_TOKENIZER.toString(),
                "--out", out.toString(), "--init", "random", "--epochs", "8", "--batch-size", "16", "--lr", "3e-3",
                "--head-steps", "10", "--held-out", "0.1", "--threads", "2", "--log-every", "20");
        JsonNode log = new ObjectMapper().readTree(out.resolve("pretrain_log.json").toFile());
        double before = log.path("heldOut").path("before").path("loss").asDouble();
        double after = log.path("heldOut").path("after").path("loss").asDouble();
        // the untrained head already predicts the corpus' characters (its bias is their log frequency):
        // the loss falls below that only if the encoder learns the phrases around a masked character
        assertTrue(after < before * 0.8, "held-out masked-token loss " + before + " -> " + after);
        assertTrue(log.path("heldOut").path("after").path("accuracy").asDouble()
                > log.path("heldOut").path("before").path("accuracy").asDouble() + 0.05,
                "a masked character inside 8 repeated phrases is guessable: " + log.path("heldOut"));
        assertTrue(log.path("texts").asInt() > 200, "distinct texts: " + log.path("texts"));
        assertEquals(0.15, log.path("masking").path("rate").asDouble());

        // the encoder is where train.py starts: a labelled split, a few steps
        Path labelled = Files.createDirectories(temp.resolve("labelled"));
        TrainerEndToEndTest.writeSplit(labelled.resolve("train.csv"), 32, random);
        TrainerEndToEndTest.writeSplit(labelled.resolve("val.csv"), 8, random);
        for (String split : List.of("train", "val")) {
            TokenizeDataset.tokenize(TrainerScripts.ENCODER_TOKENIZER, labelled.resolve(split + ".csv"),
                    temp.resolve("train-ids"), Truncation.head(24));
        }
        python("train.py", "--data", temp.resolve("train-ids").toString(), "--out", temp.resolve("run").toString(),
                "--init", out.resolve("encoder.pt").toString(), "--epochs", "1", "--batch-size", "8", "--threads", "2");
        JsonNode trained = new ObjectMapper().readTree(temp.resolve("run").resolve("train_log.json").toFile());
        assertTrue(trained.path("hyperparameters").path("init").asText().endsWith("encoder.pt"), trained.toString());
    }

    @Test
    void refusesACorpusWithoutTexts() throws IOException {
        TrainerScripts.assumeTorch();
        Path csv = Files.writeString(temp.resolve("empty.csv"), "text\n", StandardCharsets.UTF_8);
        Path ids = temp.resolve("ids");
        TokenizeDataset.tokenize(TrainerScripts.ENCODER_TOKENIZER, csv, ids, Truncation.head(24), "text");
        TrainerScripts.Result run = TrainerScripts.run(60, "pretrain.py", "--data", ids.toString(), "--tokenizer",
                TrainerScripts.ENCODER_TOKENIZER.toString(), "--out", temp.resolve("out").toString(), "--init", "random");
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("pretrain: 0 distinct texts"), run.output());
    }

    private static void python(String... args) throws IOException {
        TrainerScripts.Result result = TrainerScripts.run(120, args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + " failed:\n" + result.output());
    }
}
