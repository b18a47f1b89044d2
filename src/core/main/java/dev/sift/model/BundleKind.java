package dev.sift.model;

/** What the ONNX graph of a bundle outputs, and therefore how sift turns it into label probabilities. */
public enum BundleKind implements ManifestEnum {
    /** The graph outputs logits {@code [batch, labels]}: softmax gives the probabilities. */
    CLASSIFIER("classifier"),
    /** The graph outputs hidden states {@code [batch, sequence, hidden]}: labels are prototypes in that space. */
    EMBEDDING("embedding");

    private final String json;

    BundleKind(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
