package dev.sift.model;

import java.util.List;

/**
 * What a client is told about the model that answered.
 *
 * @param minScore            the abstention threshold the bundle applies by default, or null
 * @param recommendedMinScore the threshold the bundle recommends for its stated target, or null
 */
public record ModelInfo(String name, String version, String kind, List<String> labels, Double minScore,
        Double recommendedMinScore) {
}
