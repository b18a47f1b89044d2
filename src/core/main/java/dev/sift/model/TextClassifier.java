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
    /** A multi-label bundle's thresholds, parsed once; null for single-label bundles. */
    private final LabelThresholds labelThresholds;
    private final double[] thresholds;
    private final String tokenizerSource;

    private TextClassifier(BundleManifest manifest, InputEncoder encoder, OnnxEncoderSession session,
            SentenceVectors vectors, LabelScorer scorer, String tokenizerSource) {
        this.manifest = manifest;
        this.encoder = encoder;
        this.session = session;
        this.vectors = vectors;
        this.scorer = scorer;
        this.tokenizerSource = tokenizerSource;
        this.calibration = manifest.calibration();
        this.labelThresholds = manifest.kind() == BundleKind.MULTILABEL ? manifest.thresholds() : null;
        this.thresholds = labelThresholds == null ? null : labelThresholds.inLabelOrder();
    }

    /** Creates the session, checks it against the manifest and, for embedding bundles, embeds the label examples. */
    public static TextClassifier load(ModelBundle bundle, InferenceSettings settings) {
        BundleManifest manifest = bundle.manifest();
        BundleTokenizer.Loaded read = BundleTokenizer.read(bundle);
        BertTokenizer tokenizer = read.tokenizer();
        InputEncoder encoder = new InputEncoder(tokenizer, manifest.truncation());
        OnnxEncoderSession session = OnnxEncoderSession.open(bundle, settings);
        try {
            SentenceVectors vectors = new SentenceVectors(session, manifest, tokenizer.padId());
            LabelScorer scorer = manifest.kind().outputsLogits() ? LabelScorer.identity()
                    : LinearHeadScorer.present(manifest.raw()) ? LinearHeadScorer.fromManifest(manifest)
                    : PrototypeScorer.build(manifest, encoder, vectors);
            return new TextClassifier(manifest, encoder, session, vectors, scorer, read.source());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    public ModelInfo info() {
        return new ModelInfo(manifest.name(), manifest.version(), manifest.kind().json(), manifest.labels(),
                calibration.minScore(), calibration.recommendedMinScore(),
                labelThresholds == null ? null : labelThresholds.byLabel());
    }

    /** The bundle file the tokenizer was read from: tokenizer.bin (compiled at build time) or tokenizer.json. */
    public String tokenizerSource() {
        return tokenizerSource;
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

    /**
     * Probabilities per text, in input order, each array in manifest label order, at the bundle's
     * temperature: a softmax over the labels, or for a multi-label bundle a sigmoid per label.
     */
    public double[][] probabilities(List<String> texts) {
        double[][] logits = logits(texts);
        double[][] probabilities = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = thresholds != null ? calibration.independentProbabilities(logits[i])
                    : calibration.probabilities(logits[i]);
        }
        return probabilities;
    }

    /** Whether this bundle gives each text a set of labels ({@link Prediction#labels()}). */
    public boolean multiLabel() {
        return thresholds != null;
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
     * ({@link Prediction#abstained()}), its scores still given. For a multi-label bundle a request's
     * {@code minScore} replaces every label's threshold.
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
            if (thresholds != null) {
                predictions.add(labelSet(p, ranked, scores, requestMinScore));
                continue;
            }
            boolean abstained = minScore != null && p[best] < minScore;
            predictions.add(new Prediction(abstained ? null : labels.get(best), p[best], scores, abstained));
        }
        return predictions;
    }

    /** A multi-label result: every label at or over its threshold (or the request's minScore), most probable first. */
    private Prediction labelSet(double[] p, List<Integer> ranked, Map<String, Double> scores, Double requestMinScore) {
        List<String> labels = manifest.labels();
        List<String> chosen = new ArrayList<>();
        int first = -1;
        for (int i : ranked) {
            if (p[i] >= (requestMinScore != null ? requestMinScore : thresholds[i])) {
                chosen.add(labels.get(i));
                first = first < 0 ? i : first;
            }
        }
        if (first < 0) {
            return new Prediction(null, p[ranked.get(0)], scores, true, List.of());
        }
        return new Prediction(labels.get(first), p[first], scores, false, List.copyOf(chosen));
    }

    public List<Encoding> preprocess(List<String> texts, int maxLength) {
        return encoder.encode(texts, maxLength);
    }

    @Override
    public void close() {
        session.close();
    }
}
