package dev.sift.functions;

import java.util.List;

public record PreprocessResponse(ModelRef model, List<Item> items) implements FunctionAnswer {
    /** One tokenized text, exactly what the model would be fed (before padding). */
    public record Item(int[] inputIds, int[] attentionMask, String[] tokens, int length, boolean truncated) {
    }
}
