package dev.sift.text;

/**
 * The {@code BertPreTokenizer}: splits on whitespace (dropping it) and makes every punctuation
 * character a word of its own. After {@link BertNormalizer} has padded CJK ideographs with spaces,
 * each ideograph is a word too.
 */
final class BertPreTokenizer {

    private final boolean enabled;

    private BertPreTokenizer(boolean enabled) {
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    static BertPreTokenizer bert() {
        return new BertPreTokenizer(true);
    }

    /** A tokenizer.json without a pre-tokenizer hands the whole normalized text to the model. */
    static BertPreTokenizer none() {
        return new BertPreTokenizer(false);
    }

    /**
     * Appends the words of {@code codePoints[from, to)} to {@code spans} as {@code start, end}
     * pairs (end exclusive).
     */
    void split(int[] codePoints, int from, int to, IntList spans) {
        if (!enabled) {
            if (to > from) {
                spans.add(from);
                spans.add(to);
            }
            return;
        }
        int wordStart = -1;
        for (int i = from; i < to; i++) {
            int flags = UnicodeCategories.flags(codePoints[i]);
            if ((flags & (UnicodeCategories.WHITESPACE | UnicodeCategories.PUNCTUATION)) == 0) {
                if (wordStart < 0) {
                    wordStart = i;
                }
                continue;
            }
            if (wordStart >= 0) {
                spans.add(wordStart);
                spans.add(i);
                wordStart = -1;
            }
            if ((flags & UnicodeCategories.WHITESPACE) == 0) {
                spans.add(i);
                spans.add(i + 1);
            }
        }
        if (wordStart >= 0) {
            spans.add(wordStart);
            spans.add(to);
        }
    }
}
