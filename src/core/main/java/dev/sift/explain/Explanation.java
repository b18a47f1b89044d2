package dev.sift.explain;

import java.util.List;

/**
 * Why a text got its label.
 *
 * @param label  the label explained: the most probable one for the text
 * @param method how the weights were found ({@value OcclusionExplainer#METHOD})
 * @param spans  the stretches that moved it, sorted by start, non-overlapping
 */
public record Explanation(String label, String method, List<Span> spans) {
    public Explanation {
        spans = List.copyOf(spans);
    }
}
