package dev.sift.model;

/** How an embedding bundle turns per-token hidden states into one sentence vector. */
public enum Pooling implements ManifestEnum {
    /** The hidden state of the first token ([CLS]); what bge models are trained for. */
    CLS("cls"),
    /** The attention-masked mean over all tokens. */
    MEAN("mean");

    private final String json;

    Pooling(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
