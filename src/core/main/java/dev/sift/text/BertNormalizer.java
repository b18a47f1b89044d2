package dev.sift.text;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * The {@code BertNormalizer} of tokenizer.json: cleans control characters, pads CJK ideographs
 * with spaces, optionally strips accents and lowercases, in that order, as the Rust reference does.
 *
 * <p>Works on code points in an {@link IntList} rather than on strings, so the common cased
 * configuration costs one table lookup per character and no allocation.
 */
final class BertNormalizer {

    private static final int LATIN_CAPITAL_I_WITH_DOT = 0x0130;
    private static final int COMBINING_DOT_ABOVE = 0x0307;
    // Below U+00C0 no character has a canonical decomposition or is a nonspacing mark.
    private static final int FIRST_DECOMPOSABLE = 0xC0;

    private final boolean cleanText;
    private final boolean handleChineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;

    BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.handleChineseChars = handleChineseChars;
        this.stripAccents = stripAccents;
        this.lowercase = lowercase;
    }

    /** The four settings as bits, clean text first: what {@link CompiledTokenizer} saves. */
    int flags() {
        return (cleanText ? 1 : 0) | (handleChineseChars ? 2 : 0) | (stripAccents ? 4 : 0) | (lowercase ? 8 : 0);
    }

    static BertNormalizer ofFlags(int flags) {
        return new BertNormalizer((flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0);
    }

    /** A tokenizer.json without a normalizer leaves the text as it is. */
    static BertNormalizer none() {
        return new BertNormalizer(false, false, false, false);
    }

    /** Appends the normalized form of {@code codePoints[from, to)} to {@code out}. */
    void normalize(int[] codePoints, int from, int to, IntList out) {
        int start = out.size();
        for (int i = from; i < to; i++) {
            int cp = codePoints[i];
            int flags = UnicodeCategories.flags(cp);
            if (cleanText) {
                // Tab, newline and carriage return are Cc but count as whitespace; NUL and the
                // replacement character are dropped explicitly by the reference.
                if (cp == 0 || cp == 0xFFFD
                        || ((flags & UnicodeCategories.OTHER) != 0 && cp != '\t' && cp != '\n' && cp != '\r')) {
                    continue;
                }
                if ((flags & UnicodeCategories.WHITESPACE) != 0) {
                    out.add(' ');
                    continue;
                }
            }
            if (handleChineseChars && (flags & UnicodeCategories.CHINESE) != 0) {
                out.add(' ');
                out.add(cp);
                out.add(' ');
            } else {
                out.add(cp);
            }
        }
        if (stripAccents) {
            stripAccents(out, start);
        }
        if (lowercase) {
            lowercase(out, start);
        }
    }

    /** NFD, then drop nonspacing marks: "Héllo" becomes "Hello". */
    private static void stripAccents(IntList out, int start) {
        int[] values = out.array();
        int end = out.size();
        boolean mayChange = false;
        for (int i = start; i < end; i++) {
            if (values[i] >= FIRST_DECOMPOSABLE) {
                mayChange = true;
                break;
            }
        }
        if (!mayChange) {
            return;
        }
        String decomposed = decompose(values, start, end);
        out.truncate(start);
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (!UnicodeCategories.isNonspacingMark(cp)) {
                out.add(cp);
            }
        }
    }

    /** NFD, leaving whole the characters the reference cannot decompose. */
    private static String decompose(int[] values, int start, int end) {
        int[] keep = UnicodeCategories.DECOMPOSITION_UNKNOWN_TO_REFERENCE;
        StringBuilder result = null;
        int runStart = start;
        for (int i = start; i < end; i++) {
            if (Arrays.binarySearch(keep, values[i]) >= 0) {
                if (result == null) {
                    result = new StringBuilder(2 * (end - start));
                }
                result.append(Normalizer.normalize(new String(values, runStart, i - runStart), Normalizer.Form.NFD));
                result.appendCodePoint(values[i]);
                runStart = i + 1;
            }
        }
        String tail = Normalizer.normalize(new String(values, runStart, end - runStart), Normalizer.Form.NFD);
        return result == null ? tail : result.append(tail).toString();
    }

    /**
     * Rust's {@code char::to_lowercase}: one code point to one, except U+0130 which becomes
     * "i" + U+0307, and without Java's context rule for final sigma.
     */
    private static void lowercase(IntList out, int start) {
        int end = out.size();
        int[] values = out.array();
        boolean expands = false;
        for (int i = start; i < end; i++) {
            int cp = values[i];
            if (cp == LATIN_CAPITAL_I_WITH_DOT) {
                expands = true;
            } else if (cp >= 'A') {
                values[i] = UnicodeCategories.toLowerCase(cp);
            }
        }
        if (expands) {
            int[] copy = Arrays.copyOfRange(values, start, end);
            out.truncate(start);
            for (int cp : copy) {
                if (cp == LATIN_CAPITAL_I_WITH_DOT) {
                    out.add('i');
                    out.add(COMBINING_DOT_ABOVE);
                } else {
                    out.add(cp);
                }
            }
        }
    }
}
