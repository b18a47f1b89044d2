package dev.sift.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.sift.text.BertTokenizer;
import dev.sift.text.Encoding;

/**
 * A loaded bundle ready to serve: tokenizer, one ONNX session and the label scorer.
 * Pre-processing, model execution and post-processing are three separate objects so each can be
 * tested alone; this class only strings them together. Thread-safe.
 */
public final class TextClassifier implements AutoCloseable {
    private final BundleManifest manifest;
    private final InputEncoder encoder;
    private final OnnxEncoderSession session;
    private final SentenceVectors vectors;
    private final LabelScorer scorer;
    private final ScoreCalibration calibration;

    private TextClassifier(BundleManifest manifest, InputEncoder encoder, OnnxEncoderSession session,
            SentenceVectors vectors, LabelScorer scorer) {
        this.manifest = manifest;
        this.encoder = encoder;
        this.session = session;
        this.vectors = vectors;
        this.scorer = scorer;
        this.calibration = manifest.calibration();
    }

    /** Creates the session, checks it against the manifest and, for embedding bundles, embeds the label examples. */
    public static TextClassifier load(ModelBundle bundle, InferenceSettings settings) {
        BundleManifest manifest = bundle.manifest();
        BertTokenizer tokenizer;
        try {
            tokenizer = BertTokenizer.fromJson(new java.io.ByteArrayInputStream(bundle.tokenizerBytes()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new BundleException("bundle " + manifest.name() + ": cannot read tokenizer.json: " + e.getMessage(), e);
        }
        InputEncoder encoder = new InputEncoder(tokenizer, manifest.truncation());
        OnnxEncoderSession session = OnnxEncoderSession.open(bundle, settings);
        try {
            SentenceVectors vectors = new SentenceVectors(session, manifest, tokenizer.padId());
            LabelScorer scorer = manifest.kind() == BundleKind.CLASSIFIER ? LabelScorer.identity()
                    : LinearHeadScorer.present(manifest.raw()) ? LinearHeadScorer.fromManifest(manifest)
                    : PrototypeScorer.build(manifest, encoder, vectors);
            return new TextClassifier(manifest, encoder, session, vectors, scorer);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    public ModelInfo info() {
        return new ModelInfo(manifest.name(), manifest.version(), manifest.kind().json(), manifest.labels(),
                calibration.minScore(), calibration.recommendedMinScore());
    }

    public ScoreCalibration calibration() {
        return calibration;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public InputEncoder encoder() {
        return encoder;
    }

    /** Probabilities per text, in input order, each array in manifest label order, at the bundle's temperature. */
    public double[][] probabilities(List<String> texts) {
        double[][] logits = logits(texts);
        double[][] probabilities = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = calibration.probabilities(logits[i]);
        }
        return probabilities;
    }

    /** The uncalibrated logits per text: what a temperature is fitted on (CalibrateBundle). */
    public double[][] logits(List<String> texts) {
        float[][] raw = vectors.compute(encoder.encode(texts));
        double[][] logits = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            logits[i] = scorer.logits(raw[i]);
        }
        return logits;
    }

    /**
     * The graph's output per pre-encoded text (logits, or pooled embeddings), run in the same
     * length groups as {@link #probabilities}: the model alone, for a benchmark that separates it
     * from tokenizing and scoring (the compute limit {@code make bench-classify-file} compares with).
     */
    public float[][] modelOutputs(List<Encoding> encodings) {
        return vectors.compute(encodings);
    }

    /**
     * Predictions in input order; {@code topK} limits {@code scores} to the K most probable labels.
     * A text abstains when its top score is below the bundle's applied {@code minScore}, if it has one.
     */
    public List<Prediction> classify(List<String> texts, int topK) {
        return classify(texts, topK, null);
    }

    /**
     * As {@link #classify(List, int)}, with a request's {@code minScore} in place of the bundle's
     * (null: the bundle's, if any; 0: none): a text whose top score is below it gets no label
     * ({@link Prediction#abstained()}), its scores still given.
     */
    public List<Prediction> classify(List<String> texts, int topK, Double requestMinScore) {
        Double minScore = requestMinScore != null ? requestMinScore : calibration.minScore();
        List<String> labels = manifest.labels();
        List<Prediction> predictions = new ArrayList<>(texts.size());
        for (double[] p : probabilities(texts)) {
            List<Integer> ranked = IntStream.range(0, p.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> p[i]).reversed()).toList();
            Map<String, Double> scores = new LinkedHashMap<>();
            for (int i : ranked.subList(0, Math.min(topK, ranked.size()))) {
                scores.put(labels.get(i), p[i]);
            }
            int best = ranked.get(0);
            boolean abstained = minScore != null && p[best] < minScore;
            predictions.add(new Prediction(abstained ? null : labels.get(best), p[best], scores, abstained));
        }
        return predictions;
    }

    public List<Encoding> preprocess(List<String> texts, int maxLength) {
        return encoder.encode(texts, maxLength);
    }

    @Override
    public void close() {
        session.close();
    }
}
