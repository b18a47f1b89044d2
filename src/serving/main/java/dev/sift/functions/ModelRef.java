package dev.sift.functions;

import dev.sift.model.ModelInfo;

/** Which model answered: name and version, in every response. */
public record ModelRef(String name, String version) {
    static ModelRef of(ModelInfo info) {
        return new ModelRef(info.name(), info.version());
    }
}
