package dev.sift.model;

import java.util.List;

/** What a client is told about the model that answered. */
public record ModelInfo(String name, String version, String kind, List<String> labels) {
}
