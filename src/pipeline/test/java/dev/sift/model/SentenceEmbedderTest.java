package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentenceEmbedderTest {
    @TempDir
    Path temp;

    @Test
    void shouldSayWhatTheGraphHas_whenItHasNoHiddenStates() {
        Path tiny = TestBundles.copy(TestBundles.TINY, temp.resolve("tiny"));
        BundleException e = assertThrows(BundleException.class, () -> SentenceEmbedder.open(tiny.resolve("model.onnx"),
                tiny.resolve("tokenizer.json"), 16, BatchMode.PADDED, TestBundles.oneThread()));
        assertTrue(e.getMessage().contains("expects a float output 'last_hidden_state'"), e.getMessage());
        assertTrue(e.getMessage().contains("outputs [logits[-1, 3]:FLOAT]"), e.getMessage());
    }

    @Test
    void shouldGiveUnitVectorsInInputOrder_likeTheServedEmbeddingPath() {
        Path bundle = TestBundles.copy(TestBundles.EMBEDDING, temp.resolve("embedding"));
        List<String> texts = List.of("房间干净，服务热情，早餐丰富，非常满意！", "差", "物流很快");
        try (SentenceEmbedder perItem = SentenceEmbedder.open(bundle.resolve("model.onnx"), bundle.resolve("tokenizer.json"),
                512, BatchMode.PER_ITEM, TestBundles.oneThread())) {
            float[][] all = perItem.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                float[] alone = perItem.embed(List.of(texts.get(i)))[0];
                assertEquals(1.0, VectorMath.dot(all[i], all[i]), 1e-5);
                assertEquals(1.0, VectorMath.dot(all[i], alone), 1e-6, "text " + i + " in a request of three vs alone");
            }
        }
    }
}
