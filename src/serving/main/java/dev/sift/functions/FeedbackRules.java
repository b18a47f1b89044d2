package dev.sift.functions;

/** The configured bounds a feedback request is validated against. */
public record FeedbackRules(int maxTextChars, boolean allowNewLabels, int maxMetadataKeys, int maxMetadataBytes) {
}
