package dev.sift.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The compiled form of the real bge tokenizer reads back into a tokenizer that answers as tokenizer.json's does. */
class CompiledTokenizerTest {

    private static BertTokenizer fromJson;
    private static byte[] compiled;
    private static BertTokenizer fromCompiled;

    @BeforeAll
    static void load() throws IOException {
        fromJson = BertTokenizer.fromJson(TestFiles.bgeTokenizer());
        compiled = fromJson.compile();
        fromCompiled = BertTokenizer.fromCompiled(compiled);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.sift.text.TrickyTextParityTest#trickyTexts")
    void encodesTheTrickyTextsAsTheJsonTokenizer(String name, String text) {
        for (Truncation truncation : List.of(Truncation.head(512), Truncation.head(8), Truncation.headTail(12, 4))) {
            assertEquals(fromJson.encode(text, truncation), fromCompiled.encode(text, truncation), name + " " + truncation);
        }
    }

    @Test
    void encodesEveryVocabularyEntryAndKeepsTheSettings() {
        List<String> tokens = fromJson.tokens();
        assertEquals(tokens, fromCompiled.tokens());
        assertEquals(21128, tokens.size(), "bert-base-chinese's vocabulary");
        String all = String.join(" ", tokens);
        assertEquals(fromJson.encode(all, Integer.MAX_VALUE), fromCompiled.encode(all, Integer.MAX_VALUE));
        assertEquals(fromJson.padId(), fromCompiled.padId());
        assertEquals(fromJson.vocabSize(), fromCompiled.vocabSize());
        // Written again, the same bytes: the read gives back every array the build wrote.
        assertArrayEquals(compiled, fromCompiled.compile());
        assertArrayEquals(compiled, fromJson.compile(), "compiling is deterministic");
    }

    @Test
    void refusesBytesThatAreNotACompiledTokenizer() {
        IllegalArgumentException json = assertThrows(IllegalArgumentException.class,
                () -> BertTokenizer.fromCompiled("{\"version\":\"1.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(json.getMessage().contains("not a compiled tokenizer"), json.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BertTokenizer.fromCompiled(new byte[3]));
    }

    @Test
    void refusesAnotherFormatVersionNamingBoth() {
        byte[] other = compiled.clone();
        ByteBuffer.wrap(other).order(ByteOrder.LITTLE_ENDIAN).putInt(8, BertTokenizer.COMPILED_FORMAT + 1);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BertTokenizer.fromCompiled(other));
        assertEquals("compiled tokenizer of format " + (BertTokenizer.COMPILED_FORMAT + 1) + ", this reader reads "
                + BertTokenizer.COMPILED_FORMAT, error.getMessage());
    }

    @Test
    void refusesATruncatedOrOverlongFile() {
        for (int length : new int[] {12, 40, compiled.length / 2, compiled.length - 1}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> BertTokenizer.fromCompiled(Arrays.copyOf(compiled, length)), "cut at " + length);
            assertTrue(error.getMessage().contains("truncated or malformed"), error.getMessage());
        }
        IllegalArgumentException overlong = assertThrows(IllegalArgumentException.class,
                () -> BertTokenizer.fromCompiled(Arrays.copyOf(compiled, compiled.length + 4)));
        assertTrue(overlong.getMessage().contains("4 bytes past its end"), overlong.getMessage());
    }
}
