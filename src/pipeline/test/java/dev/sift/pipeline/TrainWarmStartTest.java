package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * train.py --init with a run's best.pt: training continues from that classifier (a distillation
 * student started from a member, or next week's model from this week's), with its head when the
 * labels are the same, and with a new head when they are not.
 */
class TrainWarmStartTest {
    @TempDir
    Path temp;

    @Test
    void continuesFromATrainedClassifierHeadIncludedWhenItsLabelsAreTheSame() throws IOException {
        TrainerScripts.assumeTorch();
        Path ids = split("single", false);
        TrainerScripts.Result first = train(ids, "first", "random", "2e-3", "12");
        assertEquals(0, first.exitCode(), first.output());
        double learned = bestValF1("first");
        assertTrue(learned >= 0.9, "the first run learns the task: " + learned);

        // A learning rate of 0: the warm-started model is exactly the first run's, so its val score must be too;
        // a new, random head would score about chance.
        TrainerScripts.Result again = train(ids, "again", temp.resolve("first/best.pt").toString(), "0", "1");
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("encoder and head"), again.output());
        assertEquals(learned, bestValF1("again"), 1e-9);
    }

    @Test
    void takesOnlyTheEncoderWhenTheLabelsDifferAndRefusesAFileOfAnotherKind() throws IOException {
        TrainerScripts.assumeTorch();
        TrainerScripts.Result first = train(split("single", false), "first", "random", "2e-3", "2");
        assertEquals(0, first.exitCode(), first.output());

        TrainerScripts.Result multi = train(split("multi", true), "multi", temp.resolve("first/best.pt").toString(), "2e-3", "1");
        assertEquals(0, multi.exitCode(), multi.output());
        assertTrue(multi.output().contains("labels or task differ: a new head"), multi.output());

        Path notACheckpoint = Files.writeString(temp.resolve("notes.pt"), "not a checkpoint");
        TrainerScripts.Result refused = train(split("single", false), "refused", notACheckpoint.toString(), "2e-3", "1");
        assertTrue(refused.exitCode() != 0, refused.output());
        assertTrue(refused.output().contains("notes.pt"), refused.output());
    }

    private double bestValF1(String run) throws IOException {
        JsonNode log = new ObjectMapper().readTree(temp.resolve(run).resolve("train_log.json").toFile());
        return log.path("best").path("val_macroF1").asDouble(log.path("best").path("val_microF1").asDouble());
    }

    private Path split(String name, boolean multiLabel) throws IOException {
        Path ids = temp.resolve(name).resolve("ids");
        return Files.isDirectory(ids) ? ids : TrainerEndToEndTest.tinyTokenizedSplit(temp.resolve(name), multiLabel);
    }

    private TrainerScripts.Result train(Path ids, String out, String init, String lr, String epochs) throws IOException {
        List<String> args = new ArrayList<>(List.of("train.py", "--data", ids.toString(), "--out",
                temp.resolve(out).toString(), "--init", init, "--epochs", epochs, "--batch-size", "8", "--lr", lr,
                "--warmup", "0.05", "--patience", "100", "--threads", "2", "--log-every", "24"));
        return TrainerScripts.run(120, args.toArray(String[]::new));
    }
}
