package dev.sift.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-picked hard inputs against the Rust reference, plus pinned expectations for behaviour the
 * classifier depends on. Runs everywhere: DJL ships its native library, no data folder needed.
 */
class TrickyTextParityTest {

    private static BertTokenizer tokenizer;
    private static ReferenceTokenizer reference;
    private static ReferenceTokenizer reference16;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = BertTokenizer.fromJson(TestFiles.bgeTokenizer());
        reference = ReferenceTokenizer.untruncated(TestFiles.bgeTokenizer());
        reference16 = ReferenceTokenizer.truncatedTo(TestFiles.bgeTokenizer(), 16);
    }

    @AfterAll
    static void close() {
        reference.close();
        reference16.close();
    }

    static Stream<Arguments> trickyTexts() {
        return Stream.of(
                Arguments.of("chinese review", "房间很大，wifi信号好！5星好评👍 下次还来。"),
                Arguments.of("cjk extension A", "㐀㐁䶵"),
                Arguments.of("cjk extension B (surrogate pairs)", "𠀀𠀁𪚥好"),
                Arguments.of("cjk extension F, outside the reference's chinese ranges", "好𬺰𬺱好"),
                Arguments.of("cjk extension G, unassigned in the reference", "好𰀀好"),
                Arguments.of("cjk compatibility ideographs", "豈更車 丽丸乁"),
                Arguments.of("cjk radicals and strokes", "⺀⼀㇀"),
                Arguments.of("full-width forms", "ＡＢＣ１２３，！ａｂｃ"),
                Arguments.of("half-width katakana", "ｱｲｳｴｵ"),
                Arguments.of("emoji", "😀😂👍"),
                Arguments.of("emoji skin tone", "👍🏽👋🏿"),
                Arguments.of("emoji zwj sequence", "👨‍👩‍👧‍👦 🏳️‍🌈"),
                Arguments.of("emoji newer than Java 17", "🫠🥹🫶🪿"),
                Arguments.of("emoji with variation selector", "❤️☺️"),
                Arguments.of("flag", "🇨🇳🇺🇸"),
                Arguments.of("keycap", "1️⃣#️⃣"),
                Arguments.of("control characters", "a\u0001b\u0007c\u001Bd\u007Fe\u0085f\u000Bg\u000Ch"),
                Arguments.of("information separators", "a\u001Cb\u001Dc\u001Ed\u001Ff"),
                Arguments.of("zero-width characters", "好\u200B好\u200C好\u200D好\u2060好"),
                Arguments.of("byte order mark inside text", "好\uFEFF好 a\uFEFFb"),
                Arguments.of("replacement character", "好\uFFFD好 a\uFFFDb"),
                Arguments.of("nul", "a\u0000b"),
                Arguments.of("private use", "a\uE000b\uF8FF"),
                Arguments.of("lone surrogates", "a\uD800b 好\uDC00好 ab\uD83D"),
                Arguments.of("mixed-case latin", "WiFi iPhone Hello"),
                Arguments.of("lower-case latin", "wifi hello iphone"),
                Arguments.of("accented latin", "café naïve Ångström e\u0301"),
                Arguments.of("digits", "2019年12月31日 3.5 12345678901234567890 １２３"),
                Arguments.of("ascii punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
                Arguments.of("cjk punctuation", "，。！？；：“”‘’（）【】《》、…—～·「」『』〈〉"),
                Arguments.of("general punctuation", "‐‑‒–—―‖‗‘’‚‛“”„‟†‡•‣․‥…‧‰′″‹›※‼"),
                Arguments.of("word of 100 characters", "a".repeat(100)),
                Arguments.of("word of 101 characters", "a".repeat(101)),
                Arguments.of("word of 101 characters with a surrogate pair", "😀" + "a".repeat(100)),
                Arguments.of("unsplittable word", "qzxqzxqzx"),
                Arguments.of("empty", ""),
                Arguments.of("whitespace only", " \t\n\r\u00A0\u3000 "),
                Arguments.of("literal special tokens", "[MASK]好[SEP]差[CLS][UNK][PAD]"),
                Arguments.of("special tokens touching words", "abc[MASK]def [[MASK]] [MASK"),
                Arguments.of("special tokens in other case", "[mask] [Sep]"),
                Arguments.of("whitespace kinds", "a\tb\nc\r\nd\u00A0e\u3000f\u2028g\u2029h\u202Fi\u1680j\u2007k"),
                Arguments.of("mongolian vowel separator", "a\u180Eb"),
                Arguments.of("japanese", "こんにちは、カタカナ。"),
                Arguments.of("korean", "안녕하세요 좋아요"),
                Arguments.of("arabic with marks", "مَرْحَبًا"),
                Arguments.of("thai", "สวัสดีครับ"),
                Arguments.of("devanagari", "नमस्ते"),
                Arguments.of("math and currency", "¥100 €5 ±1 ×2 ÷3 ≈4 ∞"),
                Arguments.of("combining marks alone", "\u0301\u0302 x\u20DD"),
                Arguments.of("long review", "这家酒店的位置很好，离地铁站很近。".repeat(40)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trickyTexts")
    void matchesReferenceIdsOnTrickyText(String description, String text) {
        assertArrayEquals(reference.ids(text), tokenizer.encode(text, Integer.MAX_VALUE).ids(), description);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trickyTexts")
    void matchesReferenceIdsOnTrickyTextTruncatedTo16(String description, String text) {
        var expected = reference16.encode(text);
        Encoding actual = tokenizer.encode(text, 16);
        assertArrayEquals(Arrays.stream(expected.getIds()).mapToInt(Math::toIntExact).toArray(), actual.ids(),
                description);
        assertEquals(expected.exceedMaxLength(), actual.truncated(), description + ": truncated flag");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trickyTexts")
    void matchesReferenceTokenStrings(String description, String text) {
        assertArrayEquals(reference.tokens(text), tokenizer.encode(text, Integer.MAX_VALUE).tokens(), description);
    }

    @Test
    void mixedCaseLatinIsUnknownBecauseTheVocabHasNoUpperCase() {
        // lowercase=false and bert-base-chinese has no upper-case Latin pieces: "WiFi" cannot be split.
        Encoding encoding = tokenizer.encode("WiFi", 512);
        assertArrayEquals(new String[] {"[CLS]", "[UNK]", "[SEP]"}, encoding.tokens());
        assertArrayEquals(new int[] {101, 100, 102}, encoding.ids());
        assertFalse(Arrays.asList(tokenizer.encode("wifi", 512).tokens()).contains("[UNK]"));
    }

    @Test
    void literalMaskInTextBecomesTheMaskId() {
        assertArrayEquals(new int[] {101, 1962, 103, 1962, 102}, tokenizer.encode("好[MASK]好", 512).ids());
    }

    @Test
    void emptyTextIsJustTheSpecialTokens() {
        Encoding encoding = tokenizer.encode("", 512);
        assertArrayEquals(new int[] {101, 102}, encoding.ids());
        assertFalse(encoding.truncated());
    }

    @Test
    void wordLongerThan100CodePointsIsOneUnknown() {
        assertArrayEquals(new int[] {101, 100, 102}, tokenizer.encode("a".repeat(101), 512).ids());
        assertTrue(tokenizer.encode("a".repeat(100), 512).length() > 3, "100 characters are still split");
    }

    @Test
    void eachChineseCharacterIsItsOwnToken() {
        assertArrayEquals(new String[] {"[CLS]", "酒", "店", "很", "好", "[SEP]"},
                tokenizer.encode("酒店很好", 512).tokens());
    }
}
