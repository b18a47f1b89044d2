package dev.sift.functions;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.sift.model.ModelInfo;

/**
 * Which model answered: name and version, in every response; and its abstention thresholds when
 * the bundle has them ({@code minScore}: applied unless a request sends its own;
 * {@code recommendedMinScore}: chosen on validation data, sent as a request's {@code minScore} to use it;
 * {@code thresholds}: a multi-label bundle's per-label thresholds).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelRef(String name, String version, Double minScore, Double recommendedMinScore,
        Map<String, Double> thresholds) {
    static ModelRef of(ModelInfo info) {
        return new ModelRef(info.name(), info.version(), info.minScore(), info.recommendedMinScore(),
                info.thresholds());
    }
}
