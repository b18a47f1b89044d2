package dev.sift.model;

/**
 * How texts of one request are fed to the graph.
 *
 * <p>A text's result must never depend on its neighbours in a request. A graph with fixed
 * (static) activation scales and an attention mask is invariant to padding, so {@link #PADDED}
 * batches are safe and fast. A dynamically quantized graph (DynamicQuantizeLinear) computes one
 * activation scale over the whole input tensor, padding included, so any neighbour or pad
 * token moves every text's output: such bundles must run {@link #PER_ITEM}.
 */
public enum BatchMode implements ManifestEnum {
    PADDED("padded"),
    PER_ITEM("per-item");

    private final String json;

    BatchMode(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }
}
