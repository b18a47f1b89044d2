package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.pipeline.LabeledCsv;
import dev.sift.pipeline.TrainerScripts;
import dev.sift.text.BertTokenizer;
import dev.sift.text.Encoding;
import dev.sift.text.Truncation;

/**
 * The trainer starts from the int8 bge-small-zh ONNX, dequantized into PyTorch (onnx_init.py).
 * This proves the loader right: ONNX Runtime's [CLS] vectors on the original graph (what serving
 * computes) and the PyTorch encoder's agree to cosine >= 0.99 on real sentences, and padding a
 * PyTorch batch does not move a text's vector. The 50 first htl test reviews join the built-in
 * sentences when ../shared/data exists.
 */
class LoaderParityTest {
    private static final Path HTL_TEST = Path.of("..", "shared", "data", "htl", "test.csv");
    private static final List<String> SENTENCES = List.of(
            "房间干净，服务热情，早餐丰富，非常满意！",
            "前台态度恶劣，再也不来了。",
            "位置不错，离地铁站很近，但是隔音太差，晚上很吵。",
            "这本书的内容很充实，推荐购买。",
            "手机用了两天就死机，客服也不理人。",
            "水果很新鲜，送货快，包装也好。",
            "一般般吧，没什么特别的。",
            "酒店设施陈旧，WiFi信号差，性价比低。");

    @TempDir
    Path temp;

    @Test
    void pytorchEncoderFromDequantizedOnnxMatchesOnnxRuntimeClsVectors() throws IOException {
        TrainerScripts.assumeTorch();
        List<String> texts = new ArrayList<>(SENTENCES);
        if (Files.exists(HTL_TEST)) {
            LabeledCsv.read(HTL_TEST, "label", "text").stream().limit(50).forEach(r -> texts.add(r.text()));
        } else {
            System.out.println("../shared/data/htl/test.csv not found: loader parity on the built-in sentences only");
        }
        BertTokenizer tokenizer = BertTokenizer.fromJson(TrainerScripts.ENCODER_TOKENIZER);
        ModelBundle bundle = ModelBundle.load("classpath:" + TestBundles.EMBEDDING);
        List<Map<String, Object>> items = new ArrayList<>();
        try (OnnxEncoderSession session = OnnxEncoderSession.open(bundle.modelBytes(), bundle.manifest(),
                TestBundles.oneThread())) {
            SentenceVectors vectors = new SentenceVectors(session, bundle.manifest(), tokenizer.padId());
            for (String text : texts) {
                Encoding encoding = tokenizer.encode(text, Truncation.head(256));
                float[] cls = vectors.compute(List.of(encoding))[0];
                items.add(Map.of("ids", encoding.ids(), "vector", cls));
            }
        }
        Path file = temp.resolve("ort-cls.json");
        new ObjectMapper().writeValue(file.toFile(), items);

        TrainerScripts.Result result = TrainerScripts.run(300, "parity.py", TrainerScripts.ENCODER.toString(),
                file.toString(), "--min-cosine", "0.99");

        assertEquals(0, result.exitCode(), "loader parity failed:\n" + result.output());
    }
}
