package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * train.py's regularizer options (regularizers.py) on a tiny random encoder: all four at once still
 * learn the synthetic task, layer-wise decay gives each depth its rate, and the options a task
 * cannot use are refused with a message.
 */
class TrainRegularizersTest {
    @TempDir
    Path temp;

    @Test
    void allFourTogetherStillLearnAndLayerwiseDecayShrinksTheLowerLayersRates() throws IOException {
        TrainerScripts.assumeTorch();
        Path ids = tinySplit(false);
        TrainerScripts.Result run = train(ids, "--llrd", "0.5", "--multi-sample-dropout", "3", "--rdrop", "0.5",
                "--fgm", "0.05");
        assertEquals(0, run.exitCode(), run.output());
        JsonNode log = new ObjectMapper().readTree(temp.resolve("run").resolve("train_log.json").toFile());
        assertTrue(log.path("best").path("val_macroF1").asDouble() >= 0.9, "learns with every regularizer on: " + log.path("best"));
        JsonNode rates = log.path("training").path("learningRates");
        double lr = 2e-3;
        // two layers: the top one trains at lr, each one below at half, the embeddings below them at a quarter
        assertEquals(lr, rates.path("layer.1").asDouble(), 1e-12, rates.toString());
        assertEquals(lr * 0.5, rates.path("layer.0").asDouble(), 1e-12, rates.toString());
        assertEquals(lr * 0.25, rates.path("embeddings").asDouble(), 1e-12, rates.toString());
        assertEquals(lr, rates.path("head").asDouble(), 1e-12, "the head keeps its own rate: " + rates);
        JsonNode hyper = log.path("hyperparameters");
        assertEquals(3, hyper.path("multi_sample_dropout").asInt(), hyper.toString());
        assertEquals(0.5, hyper.path("rdrop").asDouble(), hyper.toString());
        assertEquals(0.05, hyper.path("fgm").asDouble(), hyper.toString());
    }

    @Test
    void refusesRDropOnMultiLabelTasksAndOutOfRangeValues() throws IOException {
        TrainerScripts.assumeTorch();
        TrainerScripts.Result multi = train(tinySplit(true), "--rdrop", "1");
        assertEquals(1, multi.exitCode(), multi.output());
        assertTrue(multi.output().contains("--rdrop compares two softmax predictions"), multi.output());

        TrainerScripts.Result badDecay = train(tinySplit(false), "--llrd", "1.5");
        assertEquals(1, badDecay.exitCode(), badDecay.output());
        assertTrue(badDecay.output().contains("0 < --llrd <= 1"), badDecay.output());
    }

    private Path tinySplit(boolean multiLabel) throws IOException {
        return TrainerEndToEndTest.tinyTokenizedSplit(temp.resolve(multiLabel ? "multi" : "single"), multiLabel);
    }

    private TrainerScripts.Result train(Path ids, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("train.py", "--data", ids.toString(), "--out",
                temp.resolve("run").toString(), "--init", "random", "--epochs", "12", "--batch-size", "8", "--lr", "2e-3",
                "--warmup", "0.05", "--patience", "100", "--threads", "2", "--log-every", "24"));
        args.addAll(List.of(options));
        return TrainerScripts.run(120, args.toArray(String[]::new));
    }
}
