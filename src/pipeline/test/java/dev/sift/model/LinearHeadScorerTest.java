package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Embedding bundles with a trained linear head ({@code make fewshot} from 8 examples per label). */
class LinearHeadScorerTest {
    private static final List<String> TEXTS = List.of("房间干净，服务热情", "前台态度恶劣，再也不来了。", "一般般吧", "物流很快，包装完好");

    @TempDir
    Path temp;

    @Test
    void shouldAnswerExactlyLikePrototypes_whenItsWeightsAreThePrototypesScaled() {
        Path prototypes = TestBundles.copy(TestBundles.EMBEDDING, temp.resolve("prototypes"));
        BundleManifest manifest = ModelBundle.load(prototypes.toString()).manifest();
        float[][] rows = new float[manifest.labels().size()][];
        try (SentenceEmbedder embedder = SentenceEmbedder.open(prototypes.resolve("model.onnx"),
                prototypes.resolve("tokenizer.json"), manifest.maxLength(), BatchMode.PER_ITEM, TestBundles.oneThread())) {
            for (int l = 0; l < rows.length; l++) {
                float[][] examples = embedder.embed(manifest.prototypes().get(manifest.labels().get(l)));
                rows[l] = new float[examples[0].length];
                for (float[] e : examples) {
                    for (int h = 0; h < e.length; h++) {
                        rows[l][h] += e[h];
                    }
                }
                VectorMath.normalize(rows[l]);
            }
        }
        Path linear = TestBundles.copy(TestBundles.EMBEDDING, temp.resolve("linear"));
        TestBundles.editManifest(linear, m -> {
            m.remove("prototypes");
            ObjectNode scoring = (ObjectNode) m.get("scoring");
            ArrayNode weights = scoring.putArray("weights");
            ArrayNode intercepts = scoring.putArray("intercepts");
            for (int l = 0; l < rows.length; l++) {
                ArrayNode row = weights.addArray();
                for (float w : rows[l]) {
                    row.add((double) w * manifest.scale());
                }
                intercepts.add(manifest.scale() * manifest.labelBias().get(manifest.labels().get(l)));
            }
            return m;
        });
        try (TextClassifier expected = TextClassifier.load(ModelBundle.load(prototypes.toString()), TestBundles.oneThread());
                TextClassifier actual = TextClassifier.load(ModelBundle.load(linear.toString()), TestBundles.oneThread())) {
            double[][] p = expected.probabilities(TEXTS);
            double[][] q = actual.probabilities(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                for (int l = 0; l < p[i].length; l++) {
                    assertEquals(p[i][l], q[i][l], 1e-5, TEXTS.get(i));
                }
            }
        }
    }

    @Test
    void shouldRefuseAHeadWithoutOneRowPerLabel() {
        Path dir = TestBundles.copy(TestBundles.EMBEDDING, temp.resolve("short"));
        TestBundles.editManifest(dir, m -> {
            ObjectNode scoring = (ObjectNode) m.get("scoring");
            scoring.putArray("weights").addArray().add(1.0);
            scoring.putArray("intercepts").add(0.0);
            return m;
        });
        BundleException e = assertThrows(BundleException.class,
                () -> TextClassifier.load(ModelBundle.load(dir.toString()), TestBundles.oneThread()));
        assertTrue(e.getMessage().contains("one entry per label (2)"), e.getMessage());
    }

    @Test
    void shouldNameBothSizes_whenTheHeadDoesNotFitTheEncoder() {
        Path dir = TestBundles.copy(TestBundles.EMBEDDING, temp.resolve("narrow"));
        TestBundles.editManifest(dir, m -> {
            ObjectNode scoring = (ObjectNode) m.get("scoring");
            ArrayNode weights = scoring.putArray("weights");
            weights.addArray().add(1.0).add(0.0).add(0.0);
            weights.addArray().add(0.0).add(1.0).add(0.0);
            scoring.putArray("intercepts").add(0.0).add(0.0);
            return m;
        });
        try (TextClassifier classifier = TextClassifier.load(ModelBundle.load(dir.toString()), TestBundles.oneThread())) {
            InferenceException e = assertThrows(InferenceException.class, () -> classifier.probabilities(TEXTS));
            assertTrue(e.getMessage().contains("expects 3-dimensional sentence vectors but the encoder produced 512"),
                    e.getMessage());
        }
    }
}
