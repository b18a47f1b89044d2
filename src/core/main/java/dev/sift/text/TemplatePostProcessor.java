package dev.sift.text;

/**
 * The single-sequence template of tokenizer.json's post-processor, e.g. {@code [CLS] A [SEP]}:
 * the special tokens placed before and after the text's own tokens.
 */
final class TemplatePostProcessor {

    private final int[] prefixIds;
    private final String[] prefixTokens;
    private final int[] suffixIds;
    private final String[] suffixTokens;

    TemplatePostProcessor(int[] prefixIds, String[] prefixTokens, int[] suffixIds, String[] suffixTokens) {
        this.prefixIds = prefixIds;
        this.prefixTokens = prefixTokens;
        this.suffixIds = suffixIds;
        this.suffixTokens = suffixTokens;
    }

    int[] prefixIds() {
        return prefixIds;
    }

    String[] prefixTokens() {
        return prefixTokens;
    }

    int[] suffixIds() {
        return suffixIds;
    }

    String[] suffixTokens() {
        return suffixTokens;
    }

    /** No post-processor: the encoding is the text's tokens alone. */
    static TemplatePostProcessor none() {
        return new TemplatePostProcessor(new int[0], new String[0], new int[0], new String[0]);
    }

    /** How many special tokens a single sequence gains; truncation reserves room for them. */
    int addedTokenCount() {
        return prefixIds.length + suffixIds.length;
    }

    /**
     * Builds the final encoding from content ids, keeping {@code content[0, head)} and
     * {@code content[tailStart, contentSize)}.
     */
    Encoding apply(int[] content, int head, int tailStart, int contentSize, String[] idToToken, boolean truncated) {
        int tail = contentSize - tailStart;
        int length = prefixIds.length + head + tail + suffixIds.length;
        int[] ids = new int[length];
        String[] tokens = new String[length];
        System.arraycopy(prefixIds, 0, ids, 0, prefixIds.length);
        System.arraycopy(prefixTokens, 0, tokens, 0, prefixTokens.length);
        int at = prefixIds.length;
        System.arraycopy(content, 0, ids, at, head);
        at += head;
        System.arraycopy(content, tailStart, ids, at, tail);
        at += tail;
        for (int i = prefixIds.length; i < at; i++) {
            tokens[i] = idToToken[ids[i]];
        }
        System.arraycopy(suffixIds, 0, ids, at, suffixIds.length);
        System.arraycopy(suffixTokens, 0, tokens, at, suffixTokens.length);
        return new Encoding(ids, tokens, truncated);
    }
}
