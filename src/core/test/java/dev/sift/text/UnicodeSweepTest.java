package dev.sift.text;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every code point (surrogates aside), each between two letters, against the Rust reference.
 * This is what catches Unicode-table drift: Java 17 knows Unicode 13.0, the reference's category
 * tables Unicode 8.0 and its lowercase mapping Unicode 16.0 (see {@link UnicodeCategories}).
 */
class UnicodeSweepTest {

    private static final int WORDS_PER_TEXT = 1000;
    private static final int MAX_REPORTED = 20;

    @TempDir
    Path tempDir;

    @Test
    void bgeTokenizerMatchesReferenceOnEveryCodePoint() throws IOException {
        assertSweepMatches(TestFiles.bgeTokenizer());
    }

    @Test
    void uncasedBertConfigurationMatchesReferenceOnEveryCodePoint() throws IOException {
        // The classic uncased BERT normalizer: clean, pad CJK, strip accents (null follows lowercase), lowercase.
        assertSweepMatches(singleCharacterTokenizer(SyntheticTokenizerJson.bertNormalizer(true, true, null, true)));
    }

    @Test
    void accentStrippingWithoutCleaningMatchesReferenceOnEveryCodePoint() throws IOException {
        // Without clean_text, control and format characters reach the pre-tokenizer and the model.
        assertSweepMatches(singleCharacterTokenizer(SyntheticTokenizerJson.bertNormalizer(false, false, true, false)));
    }

    /** A vocab of every code point of planes 0 and 1, so the ids reveal exactly what normalization produced. */
    private Path singleCharacterTokenizer(String normalizer) throws IOException {
        return SyntheticTokenizerJson.write(tempDir.resolve("tokenizer.json"), normalizer, List.of(), 0, 0x1FFFF);
    }

    private static void assertSweepMatches(Path tokenizerJson) throws IOException {
        BertTokenizer tokenizer = BertTokenizer.fromJson(tokenizerJson);
        List<String> differences = new ArrayList<>();
        int differing = 0;
        try (ReferenceTokenizer reference = ReferenceTokenizer.untruncated(tokenizerJson)) {
            int next = 0;
            while (next <= Character.MAX_CODE_POINT) {
                List<Integer> chunk = new ArrayList<>(WORDS_PER_TEXT);
                for (; next <= Character.MAX_CODE_POINT && chunk.size() < WORDS_PER_TEXT; next++) {
                    if (next < Character.MIN_SURROGATE || next > Character.MAX_SURROGATE) {
                        chunk.add(next);
                    }
                }
                StringBuilder text = new StringBuilder(chunk.size() * 4);
                for (int codePoint : chunk) {
                    text.append(' ').append(inContext(codePoint));
                }
                String joined = text.toString();
                if (Arrays.equals(reference.ids(joined), tokenizer.encode(joined, Integer.MAX_VALUE).ids())) {
                    continue;
                }
                // Narrow the difference down to single code points for the report.
                for (int codePoint : chunk) {
                    String word = inContext(codePoint);
                    String[] expected = reference.tokens(word);
                    String[] actual = tokenizer.encode(word, Integer.MAX_VALUE).tokens();
                    if (!Arrays.equals(expected, actual)) {
                        differing++;
                        if (differences.size() < MAX_REPORTED) {
                            differences.add(String.format("U+%04X (Java type %d): reference %s, ours %s",
                                    codePoint, Character.getType(codePoint), Arrays.toString(expected),
                                    Arrays.toString(actual)));
                        }
                    }
                }
            }
        }
        if (differing > 0) {
            fail(differing + " code points tokenize differently from the reference, e.g.\n"
                    + String.join("\n", differences));
        }
    }

    private static String inContext(int codePoint) {
        return "a" + Character.toString(codePoint) + "b";
    }
}
