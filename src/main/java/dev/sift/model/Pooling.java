package dev.sift.model;

import java.util.Arrays;

/** How an embedding bundle turns per-token hidden states into one sentence vector. */
public enum Pooling {
    /** The hidden state of the first token ([CLS]); what bge models are trained for. */
    CLS("cls"),
    /** The attention-masked mean over all tokens. */
    MEAN("mean");

    private final String json;

    Pooling(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    static Pooling fromJson(String value) {
        return Arrays.stream(values()).filter(p -> p.json.equals(value)).findFirst()
                .orElseThrow(() -> new BundleException("manifest.json: pooling must be one of "
                        + Arrays.stream(values()).map(Pooling::json).toList() + ", got '" + value + "'"));
    }
}
