package dev.sift.feedback;

import java.util.Map;

/** A validated feedback request: everything the client sent, nothing derived yet. {@code id} may be null. */
public record FeedbackSubmission(String id, String text, String label, String predicted, Double score,
        String modelVersion, String source, Map<String, Object> metadata) {
}
