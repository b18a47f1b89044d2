package dev.sift.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.sift.text.BertTokenizer;
import dev.sift.text.Truncation;

/**
 * Sentence vectors from an encoder graph, for the pipelines that need the vectors themselves
 * (topic discovery, few-shot training) rather than label probabilities. It is {@code classify}'s
 * own code: the same tokenizer, ONNX session settings, length-grouped runs and {@code [CLS]} pooling,
 * so a vector computed here with {@link BatchMode#PER_ITEM} is the vector a served embedding bundle
 * computes for the same text.
 */
public final class SentenceEmbedder implements AutoCloseable {
    private final InputEncoder encoder;
    private final OnnxEncoderSession session;
    private final SentenceVectors vectors;

    private SentenceEmbedder(InputEncoder encoder, OnnxEncoderSession session, SentenceVectors vectors) {
        this.encoder = encoder;
        this.session = session;
        this.vectors = vectors;
    }

    /**
     * An encoder graph with a {@code last_hidden_state [batch, sequence, hidden]} output and its
     * {@code tokenizer.json}, pooled at {@code [CLS]}, texts cut to their first {@code maxLength} tokens.
     *
     * @param batching {@link BatchMode#PADDED} runs texts of similar length together (fast; with a
     *                 dynamically quantized graph a vector then moves slightly with its neighbours),
     *                 {@link BatchMode#PER_ITEM} one text per run (what a served embedding bundle does)
     */
    public static SentenceEmbedder open(Path encoderOnnx, Path tokenizerJson, int maxLength, BatchMode batching,
            InferenceSettings settings) {
        return open(encoderOnnx, tokenizerJson, maxLength, Pooling.CLS, batching, settings);
    }

    /** As {@link #open(Path, Path, int, BatchMode, InferenceSettings)}, with the given pooling. */
    public static SentenceEmbedder open(Path encoderOnnx, Path tokenizerJson, int maxLength, Pooling pooling,
            BatchMode batching, InferenceSettings settings) {
        if (!Files.isRegularFile(encoderOnnx)) {
            throw new BundleException("cannot read encoder " + encoderOnnx + ": no such file");
        }
        BertTokenizer tokenizer;
        try {
            tokenizer = BertTokenizer.fromJson(new ByteArrayInputStream(Files.readAllBytes(tokenizerJson)));
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException("cannot read encoder " + encoderOnnx + " / " + tokenizerJson + ": "
                    + e.getMessage(), e);
        }
        Truncation truncation = Truncation.head(maxLength);
        BundleManifest manifest = new BundleManifest(encoderOnnx.getFileName().toString(), "0", BundleKind.EMBEDDING,
                List.of(), maxLength, truncation, pooling, batching, BundleManifest.KNOWN_INPUTS,
                "last_hidden_state", Map.of(), Map.of(), 1.0, Map.of(), JsonNodeFactory.instance.objectNode());
        OnnxEncoderSession session = OnnxEncoderSession.open(encoderOnnx, manifest, settings);
        return new SentenceEmbedder(new InputEncoder(tokenizer, truncation), session,
                new SentenceVectors(session, manifest, tokenizer.padId()));
    }

    /** L2-normalised {@code [CLS]} vectors, one per text, in input order. */
    public float[][] embed(List<String> texts) {
        return vectors.compute(encoder.encode(texts));
    }

    @Override
    public void close() {
        session.close();
    }
}
