package dev.sift.functions;

/** The configured bounds a request is validated against. */
public record RequestLimits(int maxTexts, int maxTextChars) {
}
