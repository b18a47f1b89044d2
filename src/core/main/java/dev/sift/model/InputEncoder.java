package dev.sift.model;

import java.util.ArrayList;
import java.util.List;

import dev.sift.text.BertTokenizer;
import dev.sift.text.Encoding;
import dev.sift.text.Truncation;

/** The bundle's tokenizer with the bundle's truncation policy: what {@code preprocess} exposes and {@code classify} runs. */
public final class InputEncoder {
    private final BertTokenizer tokenizer;
    private final Truncation truncation;

    InputEncoder(BertTokenizer tokenizer, Truncation truncation) {
        this.tokenizer = tokenizer;
        this.truncation = truncation;
    }

    public List<Encoding> encode(List<String> texts) {
        return encode(texts, truncation);
    }

    /** Encodes with the bundle's strategy but a shorter budget, e.g. a client's {@code maxLength}. */
    public List<Encoding> encode(List<String> texts, int maxLength) {
        int budget = Math.min(maxLength, truncation.maxLength());
        Truncation shorter = truncation.headOnly()
                ? Truncation.head(budget)
                : Truncation.headTail(budget, Math.min(truncation.headTokens(), budget - 2));
        return encode(texts, shorter);
    }

    List<Encoding> encode(List<String> texts, Truncation policy) {
        List<Encoding> encodings = new ArrayList<>(texts.size());
        for (String text : texts) {
            encodings.add(tokenizer.encode(text, policy));
        }
        return encodings;
    }

    public int maxLength() {
        return truncation.maxLength();
    }

    int padId() {
        return tokenizer.padId();
    }
}
