package dev.sift.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** maxLength counts the special tokens; head keeps the start, head+tail keeps both ends. */
class TruncationTest {

    // 20 distinct single-character tokens, so positions are easy to check.
    private static final String TWENTY_CHARACTERS = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸";

    private static BertTokenizer tokenizer;
    private static int[] content;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = BertTokenizer.fromJson(TestFiles.bgeTokenizer());
        int[] full = tokenizer.encode(TWENTY_CHARACTERS, 512).ids();
        content = Arrays.copyOfRange(full, 1, full.length - 1);
        assertEquals(20, content.length);
    }

    @Test
    void headTruncationKeepsTheFirstTokensAndTheSpecialTokens() {
        Encoding encoding = tokenizer.encode(TWENTY_CHARACTERS, 10);
        assertEquals(10, encoding.length());
        assertTrue(encoding.truncated());
        assertArrayEquals(concat(new int[] {101}, Arrays.copyOf(content, 8), new int[] {102}), encoding.ids());
    }

    @Test
    void textThatFitsExactlyIsNotTruncated() {
        Encoding encoding = tokenizer.encode(TWENTY_CHARACTERS, 22);
        assertEquals(22, encoding.length());
        assertFalse(encoding.truncated());
        assertTrue(tokenizer.encode(TWENTY_CHARACTERS, 21).truncated());
    }

    @Test
    void headTailKeepsTheFirstHeadTokensAndFillsTheRestFromTheEnd() {
        Encoding encoding = tokenizer.encode(TWENTY_CHARACTERS, Truncation.headTail(10, 3));
        assertTrue(encoding.truncated());
        int[] expected = concat(new int[] {101}, Arrays.copyOf(content, 3),
                Arrays.copyOfRange(content, 15, 20), new int[] {102});
        assertArrayEquals(expected, encoding.ids());
        assertEquals("[CLS] 一 二 三 己 庚 辛 壬 癸 [SEP]", String.join(" ", encoding.tokens()));
    }

    @Test
    void headTailLeavesShortTextsAlone() {
        Encoding encoding = tokenizer.encode("很好", Truncation.headTail(10, 3));
        assertFalse(encoding.truncated());
        assertArrayEquals(new String[] {"[CLS]", "很", "好", "[SEP]"}, encoding.tokens());
    }

    @Test
    void headTailWithNoHeadKeepsOnlyTheEnd() {
        Encoding encoding = tokenizer.encode(TWENTY_CHARACTERS, Truncation.headTail(5, 0));
        assertArrayEquals(concat(new int[] {101}, Arrays.copyOfRange(content, 17, 20), new int[] {102}), encoding.ids());
    }

    @Test
    void headTailWithHeadBeyondTheBudgetIsHeadTruncation() {
        assertEquals(tokenizer.encode(TWENTY_CHARACTERS, 10),
                tokenizer.encode(TWENTY_CHARACTERS, Truncation.headTail(10, 9)));
    }

    @Test
    void headTruncationMatchesTheUntruncatedPrefixOnALongText() {
        String review = "房间干净，服务热情，早餐丰富，交通便利。".repeat(50);
        int[] all = tokenizer.encode(review, Integer.MAX_VALUE).ids();
        int[] head = tokenizer.encode(review, 512).ids();
        assertEquals(512, head.length);
        assertArrayEquals(Arrays.copyOf(all, 511), Arrays.copyOf(head, 511));
        assertEquals(102, head[511]);
    }

    @Test
    void limitOfJustTheSpecialTokensKeepsNoText() {
        // As the reference: max length 2 gives [CLS] [SEP], flagged as truncated.
        Encoding encoding = tokenizer.encode("很好", 2);
        assertArrayEquals(new int[] {101, 102}, encoding.ids());
        assertTrue(encoding.truncated());
    }

    @Test
    void rejectsALimitShorterThanTheSpecialTokens() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> tokenizer.encode("好", 1));
        assertTrue(error.getMessage().contains("maxLength 1"), error.getMessage());
    }

    @Test
    void rejectsInvalidTruncationSettings() {
        assertThrows(IllegalArgumentException.class, () -> Truncation.head(0));
        assertThrows(IllegalArgumentException.class, () -> Truncation.headTail(10, -1));
        assertThrows(IllegalArgumentException.class, () -> Truncation.headTail(10, 11));
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(IntStream::of).toArray();
    }
}
