package dev.sift.model;

import java.util.List;

import dev.sift.text.Encoding;

/**
 * Zero/few-shot scoring for embedding bundles: each label is the normalised mean of the
 * embeddings of its example sentences (its prototype); a text's probabilities are
 * {@code softmax(scale * (cos(text, prototype) + bias))}.
 *
 * <p>Cosine similarities of one encoder sit in a narrow band (0.3–0.8 for bge), so the scale
 * turns their small differences into usable probabilities; the per-label bias corrects for a
 * label whose examples sit closer to "average text" than the others'.
 */
final class PrototypeScorer implements LabelScorer {
    private final float[][] prototypes;
    private final double[] bias;
    private final double scale;

    private PrototypeScorer(float[][] prototypes, double[] bias, double scale) {
        this.prototypes = prototypes;
        this.bias = bias;
        this.scale = scale;
    }

    /** Embeds every example once; called at load time, never per request. */
    static PrototypeScorer build(BundleManifest manifest, InputEncoder encoder, SentenceVectors vectors) {
        List<String> labels = manifest.labels();
        float[][] prototypes = new float[labels.size()][];
        double[] bias = new double[labels.size()];
        for (int l = 0; l < labels.size(); l++) {
            List<String> examples = manifest.prototypes().get(labels.get(l));
            List<Encoding> encoded = encoder.encode(examples, manifest.truncation());
            float[][] embedded = vectors.compute(encoded);
            float[] mean = new float[embedded[0].length];
            for (float[] e : embedded) {
                for (int h = 0; h < mean.length; h++) {
                    mean[h] += e[h];
                }
            }
            VectorMath.normalize(mean);
            prototypes[l] = mean;
            bias[l] = manifest.labelBias().getOrDefault(labels.get(l), 0.0);
        }
        return new PrototypeScorer(prototypes, bias, manifest.scale());
    }

    @Override
    public double[] logits(float[] vector) {
        double[] logits = new double[prototypes.length];
        for (int l = 0; l < prototypes.length; l++) {
            logits[l] = scale * (VectorMath.dot(vector, prototypes[l]) + bias[l]);
        }
        return logits;
    }
}
