package dev.sift.model;

import java.util.List;
import java.util.Map;

/**
 * What a client is told about the model that answered.
 *
 * @param minScore            the abstention threshold the bundle applies by default, or null
 * @param recommendedMinScore the threshold the bundle recommends for its stated target, or null
 * @param thresholds          a multi-label bundle's per-label thresholds (label → probability), or null
 */
public record ModelInfo(String name, String version, String kind, List<String> labels, Double minScore,
        Double recommendedMinScore, Map<String, Double> thresholds) {
}
