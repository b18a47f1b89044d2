import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;

import dev.sift.discover.Embeddings;
import dev.sift.discover.ProgressBar;
import dev.sift.model.BatchMode;
import dev.sift.model.InferenceSettings;
import dev.sift.model.SentenceEmbedder;

/**
 * Issue 12's probes: the unit [CLS] vectors of a CSV column as discover computes them (SentenceEmbedder,
 * 256 tokens, padded batches), little-endian float32, 512 per row, and OUT.labels with one label per line.
 * Every row is kept (no de-duplication). Optional PREFIX and SUFFIX are put around each text (the prompt probe).
 * make pipeline-jar; java -cp 'src/pipeline/target/sift-pipeline.jar:src/pipeline/target/lib/*' \
 *   src/bench/probes/DumpVectors.java CSV TEXT_COLUMN LABEL_COLUMN OUT.f32 [PREFIX SUFFIX]
 */
public class DumpVectors {
    public static void main(String[] a) throws Exception {
        String prefix = a.length > 4 ? a[4] : "";
        String suffix = a.length > 5 ? a[5] : "";
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (var row : CSVFormat.DEFAULT.builder().setHeader().build().parse(Files.newBufferedReader(Path.of(a[0])))) {
            texts.add(prefix + row.get(a[1]) + suffix);
            labels.add(row.get(a[2]));
        }
        try (SentenceEmbedder embedder = SentenceEmbedder.open(Path.of("target/bge-small-zh/bge-small-zh-v1.5-q.onnx"),
                Path.of("target/bge-small-zh/bge-small-zh-v1.5-q-tokenizer.json"), 256, BatchMode.PADDED,
                InferenceSettings.defaults().withIntraOpThreads(Runtime.getRuntime().availableProcessors()))) {
            Embeddings vectors = Embeddings.of(texts, embedder, new ProgressBar("embedding", texts.size(), "texts", System.err));
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(a[3])))) {
                ByteBuffer row = ByteBuffer.allocate(4 * vectors.dim()).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < vectors.size(); i++) {
                    row.clear();
                    for (int d = 0; d < vectors.dim(); d++) {
                        row.putFloat(vectors.get(i, d));
                    }
                    out.write(row.array());
                }
            }
            Files.write(Path.of(a[3] + ".labels"), labels);
        }
    }
}
