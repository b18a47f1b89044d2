package dev.sift.model;

/** What the ONNX graph of a bundle outputs, and therefore how sift turns it into label probabilities. */
public enum BundleKind implements ManifestEnum {
    /** The graph outputs logits {@code [batch, labels]}: softmax gives the probabilities. */
    CLASSIFIER("classifier"),
    /**
     * The graph outputs logits {@code [batch, labels]} of independent labels: a sigmoid per label gives
     * its probability, and a text gets every label whose probability reaches that label's threshold.
     */
    MULTILABEL("multilabel"),
    /** The graph outputs hidden states {@code [batch, sequence, hidden]}: labels are prototypes in that space. */
    EMBEDDING("embedding");

    private final String json;

    BundleKind(String json) {
        this.json = json;
    }

    /** Whether the graph's output is already one logit per label (no pooling, no label scorer). */
    public boolean outputsLogits() {
        return this != EMBEDDING;
    }

    @Override
    public String json() {
        return json;
    }
}
