package dev.sift.model;

import java.util.ArrayList;
import java.util.List;

import dev.sift.text.Encoding;
import dev.sift.text.PaddedBatch;

/**
 * Runs encoded texts through the graph and returns one vector per text, in input order: the
 * logits of a classifier bundle, or the pooled, L2-normalised sentence embedding of an embedding
 * bundle.
 */
final class SentenceVectors {
    /** Upper bound on texts per ONNX call, so one large request cannot allocate unbounded activations. */
    static final int MAX_RUN_BATCH = 32;
    /** Padded tokens per real token a run may cost; see {@link LengthGroups}. */
    static final double MAX_PADDED_RATIO = 1.25;

    private final OnnxEncoderSession session;
    private final BundleKind kind;
    private final Pooling pooling;
    private final BatchMode batching;
    private final int padId;

    SentenceVectors(OnnxEncoderSession session, BundleManifest manifest, int padId) {
        this.session = session;
        this.kind = manifest.kind();
        this.pooling = manifest.pooling();
        this.batching = manifest.batching();
        this.padId = padId;
    }

    float[][] compute(List<Encoding> encodings) {
        float[][] vectors = new float[encodings.size()][];
        if (batching == BatchMode.PER_ITEM) {
            for (int i = 0; i < encodings.size(); i++) {
                vectors[i] = run(List.of(encodings.get(i)))[0];
            }
            return vectors;
        }
        // Padding-invariant graph: runs of texts of similar length, so each run pads as little as possible.
        int[] lengths = encodings.stream().mapToInt(Encoding::length).toArray();
        for (List<Integer> chunk : LengthGroups.of(lengths, MAX_RUN_BATCH, MAX_PADDED_RATIO)) {
            List<Encoding> batch = new ArrayList<>(chunk.size());
            chunk.forEach(i -> batch.add(encodings.get(i)));
            float[][] out = run(batch);
            for (int j = 0; j < chunk.size(); j++) {
                vectors[chunk.get(j)] = out[j];
            }
        }
        return vectors;
    }

    private float[][] run(List<Encoding> encodings) {
        PaddedBatch batch = PaddedBatch.of(encodings, padId);
        return session.run(batch, output -> kind.outputsLogits()
                ? rows(output)
                : pool(output, batch.attentionMask()));
    }

    private static float[][] rows(OnnxEncoderSession.Output output) {
        int batch = (int) output.shape()[0];
        int width = (int) output.shape()[1];
        float[][] rows = new float[batch][width];
        for (int b = 0; b < batch; b++) {
            output.values().get(b * width, rows[b], 0, width);
        }
        return rows;
    }

    private float[][] pool(OnnxEncoderSession.Output output, long[][] mask) {
        int batch = (int) output.shape()[0];
        int seq = (int) output.shape()[1];
        int hidden = (int) output.shape()[2];
        float[][] pooled = new float[batch][hidden];
        float[] token = new float[hidden];
        for (int b = 0; b < batch; b++) {
            if (pooling == Pooling.CLS) {
                output.values().get(b * seq * hidden, pooled[b], 0, hidden);
            } else {
                int count = 0;
                for (int t = 0; t < seq; t++) {
                    if (mask[b][t] == 0) {
                        continue;
                    }
                    output.values().get((b * seq + t) * hidden, token, 0, hidden);
                    for (int h = 0; h < hidden; h++) {
                        pooled[b][h] += token[h];
                    }
                    count++;
                }
                for (int h = 0; h < hidden; h++) {
                    pooled[b][h] /= Math.max(count, 1);
                }
            }
            VectorMath.normalize(pooled[b]);
        }
        return pooled;
    }
}
