package dev.sift.text;

import java.util.Arrays;

/**
 * The token ids of one text, special tokens included, in model order.
 *
 * <p>The attention mask of a single encoding is all ones and its token type ids are all zero, so
 * neither is stored; {@link PaddedBatch} builds both when texts are batched.
 *
 * <p>The arrays are handed over without copying (this sits on the request path); treat them as
 * read-only.
 *
 * @param ids the vocabulary ids, e.g. {@code [101, ..., 102]}
 * @param tokens the token strings matching {@code ids}, for debugging and tests
 * @param truncated whether tokens were dropped to fit the requested maximum length
 */
public record Encoding(int[] ids, String[] tokens, boolean truncated) {

    public Encoding {
        if (ids.length != tokens.length) {
            throw new IllegalArgumentException(
                    "ids and tokens differ in length: " + ids.length + " vs " + tokens.length);
        }
    }

    /** Number of tokens, special tokens included. */
    public int length() {
        return ids.length;
    }

    // Records compare array components by identity; an encoding is a value, so compare contents.
    @Override
    public boolean equals(Object other) {
        return other instanceof Encoding that
                && truncated == that.truncated
                && Arrays.equals(ids, that.ids)
                && Arrays.equals(tokens, that.tokens);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ids) + Arrays.hashCode(tokens)) + Boolean.hashCode(truncated);
    }

    @Override
    public String toString() {
        return "Encoding[ids=" + Arrays.toString(ids) + ", tokens=" + Arrays.toString(tokens)
                + ", truncated=" + truncated + "]";
    }
}
