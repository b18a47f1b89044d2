package dev.sift.text;

/**
 * Character classes as the Hugging Face Rust tokenizers see them.
 *
 * <p>The reference classifies characters with Rust's {@code char} methods (Unicode 16.0) and the
 * {@code unicode_categories} crate (Unicode 8.0); Java 17 knows Unicode 13.0. Where they disagree,
 * the Rust answer wins, because the model was trained on ids produced by the Rust code. The
 * differences are kept as data below; {@code UnicodeSweepTest} compares every code point with the
 * reference and fails if a table is wrong or missing.
 */
final class UnicodeCategories {

    /** General category Cc, Cf, Co or Cs: removed by {@code clean_text}. */
    static final int OTHER = 1;
    /** Unicode White_Space (Rust's {@code char::is_whitespace}). */
    static final int WHITESPACE = 2;
    /** ASCII punctuation or general category P*: isolated by the BERT pre-tokenizer. */
    static final int PUNCTUATION = 4;
    /** CJK ideograph block: padded with spaces by {@code handle_chinese_chars}. */
    static final int CHINESE = 8;
    /** General category Mn: dropped by {@code strip_accents} after NFD. */
    static final int NONSPACING_MARK = 16;

    // The tables below were derived by comparing every code point with DJL 0.36.0 (Rust tokenizers
    // 0.21.4). Its unicode_categories crate knows Unicode 8.0, while Rust's own char methods know
    // Unicode 16.0 and Java 17 knows Unicode 13.0. In the 8.0 tables a character added later is
    // unassigned (Cn), and the reference does not count Cn as "other": such characters are kept and
    // behave like letters. Inclusive [first, last] pairs, sorted.

    /** Format characters (Cf) added after Unicode 8.0: {@code clean_text} keeps them. */
    private static final int[] FORMAT_UNKNOWN_TO_REFERENCE = {
        0x08E2, 0x08E2, 0x110CD, 0x110CD, 0x13430, 0x13438,
    };

    /** Punctuation (P*) added after Unicode 8.0: the pre-tokenizer leaves it inside words. */
    private static final int[] PUNCTUATION_UNKNOWN_TO_REFERENCE = {
        0x09FD, 0x09FD, 0x0A76, 0x0A76, 0x0C77, 0x0C77, 0x0C84, 0x0C84, 0x2E43, 0x2E4F, 0x2E52, 0x2E52,
        0x10EAD, 0x10EAD, 0x10F55, 0x10F59, 0x1144B, 0x1144F, 0x1145A, 0x1145B, 0x1145D, 0x1145D,
        0x11660, 0x1166C, 0x1183B, 0x1183B, 0x11944, 0x11946, 0x119E2, 0x119E2, 0x11A3F, 0x11A46,
        0x11A9A, 0x11A9C, 0x11A9E, 0x11AA2, 0x11C41, 0x11C45, 0x11C70, 0x11C71, 0x11EF7, 0x11EF8,
        0x11FFF, 0x11FFF, 0x16E97, 0x16E9A, 0x16FE2, 0x16FE2, 0x1E95E, 0x1E95F,
    };

    /**
     * Punctuation in Unicode 8.0 that Java 17 files elsewhere (U+166D became So, U+111C9 became
     * Mn): the reference still isolates them, and does not strip U+111C9 as an accent.
     */
    private static final int[] PUNCTUATION_ONLY_IN_REFERENCE = {
        0x166D, 0x166D, 0x111C9, 0x111C9,
    };

    /** Nonspacing marks (Mn) added after Unicode 8.0: {@code strip_accents} keeps them. */
    private static final int[] NONSPACING_MARKS_UNKNOWN_TO_REFERENCE = {
        0x07FD, 0x07FD, 0x08D3, 0x08E1, 0x09FE, 0x09FE, 0x0AFA, 0x0AFF, 0x0B55, 0x0B55, 0x0C04, 0x0C04,
        0x0D00, 0x0D00, 0x0D3B, 0x0D3C, 0x0D81, 0x0D81, 0x0EBA, 0x0EBA, 0x1885, 0x1886, 0x1ABF, 0x1AC0,
        0x1DF6, 0x1DF9, 0x1DFB, 0x1DFB, 0xA82C, 0xA82C, 0xA8C5, 0xA8C5, 0xA8FF, 0xA8FF, 0xA9BD, 0xA9BD,
        0x10D24, 0x10D27, 0x10EAB, 0x10EAC, 0x10F46, 0x10F50, 0x111CF, 0x111CF, 0x1123E, 0x1123E,
        0x1133B, 0x1133B, 0x11438, 0x1143F, 0x11442, 0x11444, 0x11446, 0x11446, 0x1145E, 0x1145E,
        0x1182F, 0x11837, 0x11839, 0x1183A, 0x1193B, 0x1193C, 0x1193E, 0x1193E, 0x11943, 0x11943,
        0x119D4, 0x119D7, 0x119DA, 0x119DB, 0x119E0, 0x119E0, 0x11A01, 0x11A0A, 0x11A33, 0x11A38,
        0x11A3B, 0x11A3E, 0x11A47, 0x11A47, 0x11A51, 0x11A56, 0x11A59, 0x11A5B, 0x11A8A, 0x11A96,
        0x11A98, 0x11A99, 0x11C30, 0x11C36, 0x11C38, 0x11C3D, 0x11C3F, 0x11C3F, 0x11C92, 0x11CA7,
        0x11CAA, 0x11CB0, 0x11CB2, 0x11CB3, 0x11CB5, 0x11CB6, 0x11D31, 0x11D36, 0x11D3A, 0x11D3A,
        0x11D3C, 0x11D3D, 0x11D3F, 0x11D45, 0x11D47, 0x11D47, 0x11D90, 0x11D91, 0x11D95, 0x11D95,
        0x11D97, 0x11D97, 0x11EF3, 0x11EF4, 0x16F4F, 0x16F4F, 0x16FE4, 0x16FE4, 0x1E000, 0x1E006,
        0x1E008, 0x1E018, 0x1E01B, 0x1E021, 0x1E023, 0x1E024, 0x1E026, 0x1E02A, 0x1E130, 0x1E136,
        0x1E2EC, 0x1E2EF, 0x1E944, 0x1E94A,
    };

    /**
     * Upper-case letters of Unicode 14.0 to 16.0, which Rust's {@code to_lowercase} maps and
     * Java 17 does not know: {@code first, last, lowercase of first} triples, the lowercase of
     * {@code first + k} being {@code lowercase + k}.
     */
    private static final int[] LOWERCASE_UNKNOWN_TO_JAVA = {
        0x1C89, 0x1C89, 0x1C8A,
        0x2C2F, 0x2C2F, 0x2C5F,
        0xA7C0, 0xA7C0, 0xA7C1,
        0xA7CB, 0xA7CB, 0x0264,
        0xA7CC, 0xA7CC, 0xA7CD,
        0xA7D0, 0xA7D0, 0xA7D1,
        0xA7D6, 0xA7D6, 0xA7D7,
        0xA7D8, 0xA7D8, 0xA7D9,
        0xA7DA, 0xA7DA, 0xA7DB,
        0xA7DC, 0xA7DC, 0x019B,
        0x10570, 0x1057A, 0x10597,
        0x1057C, 0x1058A, 0x105A3,
        0x1058C, 0x10592, 0x105B3,
        0x10594, 0x10595, 0x105BB,
        0x10D50, 0x10D65, 0x10D70,
    };

    /**
     * Characters whose canonical decomposition is newer than the reference's NFD tables
     * (U+11938 DIVES AKURU VOWEL SIGN O, Unicode 13.0): {@code strip_accents} leaves them whole.
     */
    static final int[] DECOMPOSITION_UNKNOWN_TO_REFERENCE = {0x11938};

    // Flags of the Basic Multilingual Plane, filled on first use of each character so start-up
    // does not pay for 65,536 lookups. Racing threads write the same value, so no locking is needed.
    private static final byte COMPUTED = 0x40;
    private static final byte[] BMP_FLAGS = new byte[0x10000];

    private UnicodeCategories() {}

    static int flags(int codePoint) {
        if (codePoint >= 0x10000) {
            return compute(codePoint);
        }
        int flags = BMP_FLAGS[codePoint];
        if (flags == 0) {
            flags = compute(codePoint) | COMPUTED;
            BMP_FLAGS[codePoint] = (byte) flags;
        }
        return flags;
    }

    static boolean isWhitespace(int codePoint) {
        return (flags(codePoint) & WHITESPACE) != 0;
    }

    static boolean isNonspacingMark(int codePoint) {
        return (flags(codePoint) & NONSPACING_MARK) != 0;
    }

    /** Rust regex {@code \w}: Alphabetic, marks, decimal digits, connector punctuation, joiners. */
    static boolean isWordCharacter(int codePoint) {
        if (Character.isAlphabetic(codePoint) || codePoint == 0x200C || codePoint == 0x200D) {
            return true;
        }
        return switch (Character.getType(codePoint)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.CONNECTOR_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** Rust's single-code-point lowercase mapping (U+0130 is expanded by the caller). */
    static int toLowerCase(int codePoint) {
        int lower = Character.toLowerCase(codePoint);
        if (lower != codePoint || codePoint < LOWERCASE_UNKNOWN_TO_JAVA[0]) {
            return lower;
        }
        for (int i = 0; i < LOWERCASE_UNKNOWN_TO_JAVA.length; i += 3) {
            if (codePoint >= LOWERCASE_UNKNOWN_TO_JAVA[i] && codePoint <= LOWERCASE_UNKNOWN_TO_JAVA[i + 1]) {
                return LOWERCASE_UNKNOWN_TO_JAVA[i + 2] + (codePoint - LOWERCASE_UNKNOWN_TO_JAVA[i]);
            }
        }
        return codePoint;
    }

    private static int compute(int cp) {
        int flags = 0;
        if (isReferenceWhitespace(cp)) {
            flags |= WHITESPACE;
        }
        if (isChineseCharacter(cp)) {
            flags |= CHINESE;
        }
        if (inRanges(PUNCTUATION_ONLY_IN_REFERENCE, cp)) {
            return flags | PUNCTUATION;
        }
        if (inRanges(FORMAT_UNKNOWN_TO_REFERENCE, cp) || inRanges(PUNCTUATION_UNKNOWN_TO_REFERENCE, cp)
                || inRanges(NONSPACING_MARKS_UNKNOWN_TO_REFERENCE, cp)) {
            return flags;
        }
        // Unassigned (Cn) is deliberately absent: the reference keeps unassigned code points.
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
                    Character.SURROGATE -> flags |= OTHER;
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> flags |= PUNCTUATION;
            case Character.NON_SPACING_MARK -> flags |= NONSPACING_MARK;
            default -> { }
        }
        if (isAsciiPunctuation(cp)) {
            flags |= PUNCTUATION;
        }
        return flags;
    }

    /**
     * The White_Space property. Java's {@link Character#isWhitespace} differs: it excludes
     * no-break spaces and includes the information separators U+001C..U+001F.
     */
    private static boolean isReferenceWhitespace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }

    /** ASCII symbols count as punctuation for BERT even where Unicode calls them Sm/Sc/Sk ({@code $+<=>^`|~}). */
    private static boolean isAsciiPunctuation(int cp) {
        return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96)
                || (cp >= 123 && cp <= 126);
    }

    /**
     * The blocks the reference pads with spaces. These are the original BERT ranges, which skip
     * U+2B820..U+2B91F and every block added after them (e.g. extension F at U+2CEB0).
     */
    private static boolean isChineseCharacter(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    private static boolean inRanges(int[] ranges, int cp) {
        int low = 0;
        int high = ranges.length / 2 - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (cp < ranges[2 * mid]) {
                high = mid - 1;
            } else if (cp > ranges[2 * mid + 1]) {
                low = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
