package dev.sift.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The Rust Hugging Face tokenizer through DJL (bundled native library, works offline): the
 * reference every parity test compares against.
 */
final class ReferenceTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private ReferenceTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Special tokens added, no truncation, no padding. */
    static ReferenceTokenizer untruncated(Path tokenizerJson) throws IOException {
        return new ReferenceTokenizer(HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(true)
                .optTruncation(false)
                .optPadding(false)
                .build());
    }

    /** Special tokens added, Hugging Face's default longest_first truncation at {@code maxLength}, no padding. */
    static ReferenceTokenizer truncatedTo(Path tokenizerJson, int maxLength) throws IOException {
        return new ReferenceTokenizer(HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(true)
                .optTruncation(true)
                .optMaxLength(maxLength)
                .optPadding(false)
                .build());
    }

    int[] ids(String text) {
        long[] ids = tokenizer.encode(text).getIds();
        int[] result = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            result[i] = Math.toIntExact(ids[i]);
        }
        return result;
    }

    ai.djl.huggingface.tokenizers.Encoding encode(String text) {
        return tokenizer.encode(text);
    }

    String[] tokens(String text) {
        return tokenizer.encode(text).getTokens();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
