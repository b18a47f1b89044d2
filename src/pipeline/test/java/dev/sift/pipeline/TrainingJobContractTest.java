package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.TextClassifier;
import dev.sift.text.Truncation;

/**
 * The training container's job (job.py) under SageMaker's contract, run here with the folders
 * passed as options: a train channel with token ids, hyperparameters as strings in a JSON file,
 * the bundle written to the model directory; a failure leaves its reason in output/failure.
 */
class TrainingJobContractTest {
    @TempDir
    Path temp;

    @Test
    void writesAServableBundleToTheModelDirectory() throws IOException {
        TrainerScripts.assumeTorch();
        Path channel = channelWithIds();
        Path config = temp.resolve("hyperparameters.json");
        // job.json is what the pipeline's prepare step writes into the channel; hyperparameters add to it.
        Files.writeString(channel.resolve("job.json"),
                "{\"name\": \"tiny-job\", \"version\": \"0.1.0\", \"label-names\": \"0=negative,1=positive\"}");
        Files.writeString(config, "{\"init\": \"random\", \"epochs\": \"10\", \"batch-size\": \"8\", \"lr\": \"2e-3\", \"patience\": \"100\","
                + " \"threads\": \"2\", \"log-every\": \"50\"}");
        Path model = temp.resolve("model");
        TrainerScripts.Result result = job(channel, model, config);
        assertEquals(0, result.exitCode(), result.output());
        assertFalse(Files.exists(temp.resolve("output/failure")));
        try (TextClassifier classifier = TextClassifier.load(ModelBundle.load(model.toString()),
                InferenceSettings.defaults().withIntraOpThreads(1))) {
            assertEquals("tiny-job", classifier.info().name());
            assertEquals(List.of("negative", "positive"), classifier.info().labels());
            assertEquals("positive", classifier.classify(List.of("房间很干净，服务非常热情"), 1).get(0).label());
        }
        assertTrue(Files.exists(model.resolve("train_log.json")));
    }

    @Test
    void aMissingChannelFileFailsWithItsReasonWhereSageMakerLooks() throws IOException {
        TrainerScripts.assumeTorch();
        Path channel = Files.createDirectories(temp.resolve("empty-channel"));
        TrainerScripts.Result result = job(channel, temp.resolve("model"), temp.resolve("none.json"));
        assertEquals(1, result.exitCode(), result.output());
        String failure = Files.readString(temp.resolve("output/failure"));
        assertTrue(failure.startsWith("FileNotFoundError: train channel " + channel + " has no ids/train.jsonl"), failure);
    }

    private TrainerScripts.Result job(Path channel, Path model, Path config) throws IOException {
        return TrainerScripts.run(180, "job.py", "--data", channel.toString(), "--model-dir", model.toString(),
                "--config", config.toString(), "--output", temp.resolve("output").toString(),
                "--work", temp.resolve("work").toString());
    }

    private Path channelWithIds() throws IOException {
        Path csv = Files.createDirectories(temp.resolve("csv"));
        Random random = new Random(11);
        TrainerEndToEndTest.writeSplit(csv.resolve("train.csv"), 48, random);
        TrainerEndToEndTest.writeSplit(csv.resolve("val.csv"), 16, random);
        TrainerEndToEndTest.writeSplit(csv.resolve("test.csv"), 16, random);
        Path channel = Files.createDirectories(temp.resolve("channel"));
        for (String split : List.of("train", "val", "test")) {
            TokenizeDataset.tokenize(TrainerScripts.ENCODER_TOKENIZER, csv.resolve(split + ".csv"), channel.resolve("ids"),
                    Truncation.headTail(24, 8));
        }
        Files.copy(TrainerScripts.ENCODER_TOKENIZER, channel.resolve("tokenizer.json"));
        return channel;
    }
}
