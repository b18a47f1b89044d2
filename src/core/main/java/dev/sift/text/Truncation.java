package dev.sift.text;

/**
 * How to cut a text that has more tokens than the model accepts.
 *
 * <p>{@code maxLength} counts every token the model sees, the special tokens ({@code [CLS]},
 * {@code [SEP]}) included. With {@code headTokens == maxLength} the text keeps only its first
 * tokens, as Hugging Face's right-side truncation does. With a smaller {@code headTokens} the
 * content keeps its first {@code headTokens} tokens and fills the rest of the budget with its last
 * tokens: long reviews often put the verdict at the end.
 *
 * @param maxLength the most tokens an encoding may have, special tokens included
 * @param headTokens how many content tokens to keep from the start; {@code maxLength} means
 *     head-only truncation
 */
public record Truncation(int maxLength, int headTokens) {

    public Truncation {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
        }
        if (headTokens < 0 || headTokens > maxLength) {
            throw new IllegalArgumentException(
                    "headTokens must be between 0 and maxLength (" + maxLength + "), was " + headTokens);
        }
    }

    /** Keeps the first tokens of the text (right-side truncation). */
    public static Truncation head(int maxLength) {
        return new Truncation(maxLength, maxLength);
    }

    /**
     * Keeps the first {@code headTokens} content tokens and the last tokens that still fit into
     * {@code maxLength}.
     */
    public static Truncation headTail(int maxLength, int headTokens) {
        return new Truncation(maxLength, headTokens);
    }

    /** Whether only the start of the text is kept. */
    public boolean headOnly() {
        return headTokens == maxLength;
    }
}
