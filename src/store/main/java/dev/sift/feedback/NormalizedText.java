package dev.sift.feedback;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The form in which two texts count as the same example: Unicode NFKC, trimmed, every run of
 * white space collapsed to one space. NFKC folds what input methods vary on (full-width ＷｉＦｉ
 * and digits, full-width punctuation, compatibility ideographs) so that one review typed twice is
 * one example; case is kept because the served tokenizer is case-sensitive, so "WiFi" and "wifi"
 * are different inputs to the model.
 */
public final class NormalizedText {
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00A0\\u2000-\\u200B\\u3000\\uFEFF]+");

    private NormalizedText() {
    }

    public static String of(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        return WHITESPACE.matcher(nfkc).replaceAll(" ").trim();
    }
}
