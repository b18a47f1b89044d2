package dev.sift.model;

import java.util.Arrays;

/** What the ONNX graph of a bundle outputs, and therefore how sift turns it into label probabilities. */
public enum BundleKind {
    /** The graph outputs logits {@code [batch, labels]}: softmax gives the probabilities. */
    CLASSIFIER("classifier"),
    /** The graph outputs hidden states {@code [batch, sequence, hidden]}: labels are prototypes in that space. */
    EMBEDDING("embedding");

    private final String json;

    BundleKind(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    static BundleKind fromJson(String value) {
        return Arrays.stream(values()).filter(k -> k.json.equals(value)).findFirst()
                .orElseThrow(() -> new BundleException("manifest.json: kind must be one of "
                        + Arrays.stream(values()).map(BundleKind::json).toList() + ", got '" + value + "'"));
    }
}
