package dev.sift.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Other BERT tokenizer.json files than bge's are read faithfully; non-BERT ones are refused by name. */
class TokenizerJsonTest {

    private static final String SPECIAL_TOKENS = """
            {"id":0,"content":"[PAD]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
            {"id":1,"content":"[UNK]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
            {"id":2,"content":"[CLS]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
            {"id":3,"content":"[SEP]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
            {"id":4,"content":"[MASK]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}""";

    private static final String UNCASED_NORMALIZER = """
            {"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}""";

    private static final String BERT_PRE_TOKENIZER = "{\"type\":\"BertPreTokenizer\"}";

    private static final String CLS_SEP_TEMPLATE = """
            {"type":"TemplateProcessing",
             "single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},
                       {"SpecialToken":{"id":"[SEP]","type_id":0}}],
             "pair":[],
             "special_tokens":{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},
                               "[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}}""";

    private static final String TINY_WORDPIECE = """
            {"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":10,
             "vocab":{"[PAD]":0,"[UNK]":1,"[CLS]":2,"[SEP]":3,"[MASK]":4,"hello":5,"he":6,"##llo":7,"world":8,
                      "##s":9,",":10,"!":11,"酒":12,"店":13,"<ent>":14,"un":15,"##aff":16,"##able":17}}""";

    @TempDir
    Path tempDir;

    @Test
    void lowercasesAndStripsAccentsWhenTheFileSaysSo() throws IOException {
        BertTokenizer tokenizer = BertTokenizer.fromJson(write(tokenizerJson(UNCASED_NORMALIZER, CLS_SEP_TEMPLATE, "")));
        Encoding encoding = tokenizer.encode("Héllo, WÖRLDs! 酒店", 64);
        assertArrayEquals(new String[] {"[CLS]", "hello", ",", "world", "##s", "!", "酒", "店", "[SEP]"},
                encoding.tokens());
        assertArrayEquals(new int[] {2, 5, 10, 8, 9, 11, 12, 13, 3}, encoding.ids());
    }

    @Test
    void splitsWordsIntoLongestPiecesFirst() throws IOException {
        BertTokenizer tokenizer = BertTokenizer.fromJson(write(tokenizerJson(UNCASED_NORMALIZER, CLS_SEP_TEMPLATE, "")));
        assertArrayEquals(new String[] {"[CLS]", "un", "##aff", "##able", "[UNK]", "[SEP]"},
                tokenizer.encode("unaffable unaffablex", 64).tokens());
    }

    @Test
    void matchesReferenceOnHandMadeFilesWithDifferentComponents() throws IOException {
        String bertProcessing = "{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",3],\"cls\":[\"[CLS]\",2]}";
        String cased = "{\"type\":\"BertNormalizer\",\"clean_text\":false,\"handle_chinese_chars\":false,"
                + "\"strip_accents\":true,\"lowercase\":false}";
        String flaggedTokens = """
                ,{"id":14,"content":"<ent>","single_word":false,"lstrip":false,"rstrip":false,"normalized":true,"special":false}
                ,{"id":18,"content":"<sw>","single_word":true,"lstrip":true,"rstrip":true,"normalized":false,"special":false}""";
        List<Path> files = List.of(
                write(tokenizerJson(UNCASED_NORMALIZER, CLS_SEP_TEMPLATE, "")),
                write(tokenizerJson(UNCASED_NORMALIZER, bertProcessing, flaggedTokens)),
                write(tokenizerJson(cased, "null", flaggedTokens)),
                write(tokenizerJson("null", CLS_SEP_TEMPLATE, "")));
        List<String> texts = List.of("", "Héllo, WÖRLDs! 酒店", "hello<ENT>world <ent> x<ent>",
                "a <sw> b<sw>c <sw>\t<sw>", "[MASK] hello [SEP]", "unaffable\u0000he\u200Bllo", "İstanbul ǅ Σσς");
        for (Path file : files) {
            BertTokenizer tokenizer = BertTokenizer.fromJson(file);
            // The compiled form keeps every component's settings: it answers as the reference too.
            BertTokenizer compiled = BertTokenizer.fromCompiled(tokenizer.compile());
            try (ReferenceTokenizer reference = ReferenceTokenizer.untruncated(file)) {
                for (String text : texts) {
                    assertArrayEquals(reference.ids(text), tokenizer.encode(text, 512).ids(),
                            () -> text + " with " + file.getFileName());
                    assertEquals(tokenizer.encode(text, 512), compiled.encode(text, 512),
                            () -> text + " with " + file.getFileName() + ", compiled");
                }
            }
        }
    }

    @Test
    void readsTheSameFileFromAStream() throws IOException {
        String json = tokenizerJson(UNCASED_NORMALIZER, CLS_SEP_TEMPLATE, "");
        BertTokenizer tokenizer = BertTokenizer.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(new int[] {2, 5, 3}, tokenizer.encode("hello", 8).ids());
    }

    @Test
    void addsNoSpecialTokensWithoutPostProcessor() throws IOException {
        BertTokenizer tokenizer = BertTokenizer.fromJson(write(tokenizerJson(UNCASED_NORMALIZER, "null", "")));
        assertArrayEquals(new int[] {5, 8}, tokenizer.encode("hello world", 8).ids());
    }

    @Test
    void takesThePadIdFromThePaddingSection() throws IOException {
        String json = tokenizerJson(UNCASED_NORMALIZER, CLS_SEP_TEMPLATE, "")
                .replace("\"padding\":null", "\"padding\":{\"pad_id\":7,\"pad_token\":\"[X]\"}");
        assertEquals(7, BertTokenizer.fromJson(write(json)).padId());
        assertEquals(0, BertTokenizer.fromJson(write(tokenizerJson(UNCASED_NORMALIZER, CLS_SEP_TEMPLATE, ""))).padId());
    }

    @Test
    void realBgeFileHasTheBertChineseVocab() throws IOException {
        BertTokenizer tokenizer = BertTokenizer.fromJson(TestFiles.bgeTokenizer());
        assertEquals(21128, tokenizer.vocabSize());
        assertEquals(0, tokenizer.padId());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "model|{\"type\":\"BPE\",\"vocab\":{},\"merges\":[]}|BPE",
        "model|{\"type\":\"Unigram\",\"vocab\":[]}|Unigram",
        "normalizer|{\"type\":\"NFKC\"}|NFKC",
        "normalizer|{\"type\":\"Sequence\",\"normalizers\":[]}|Sequence",
        "pre_tokenizer|{\"type\":\"ByteLevel\",\"add_prefix_space\":false}|ByteLevel",
        "post_processor|{\"type\":\"RobertaProcessing\",\"sep\":[\"</s>\",2],\"cls\":[\"<s>\",0]}|RobertaProcessing",
    })
    void rejectsNonBertComponentsNamingThem(String case_) throws IOException {
        String[] parts = case_.split("\\|");
        String component = parts[0];
        String json = switch (component) {
            case "model" -> tokenizerJson(UNCASED_NORMALIZER, CLS_SEP_TEMPLATE, "").replace(
                    "\"model\":" + TINY_WORDPIECE, "\"model\":" + parts[1]);
            case "normalizer" -> tokenizerJson(parts[1], CLS_SEP_TEMPLATE, "");
            case "pre_tokenizer" -> tokenizerJson(UNCASED_NORMALIZER, CLS_SEP_TEMPLATE, "").replace(
                    "\"pre_tokenizer\":" + BERT_PRE_TOKENIZER, "\"pre_tokenizer\":" + parts[1]);
            default -> tokenizerJson(UNCASED_NORMALIZER, parts[1], "");
        };
        Path file = write(json);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BertTokenizer.fromJson(file));
        assertTrue(error.getMessage().contains(component) && error.getMessage().contains("'" + parts[2] + "'"),
                error.getMessage());
    }

    @Test
    void rejectsAFileWhoseUnknownTokenIsNotInTheVocab() throws IOException {
        Path file = write(tokenizerJson(UNCASED_NORMALIZER, CLS_SEP_TEMPLATE, "")
                .replace("\"unk_token\":\"[UNK]\"", "\"unk_token\":\"<unk>\""));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BertTokenizer.fromJson(file));
        assertTrue(error.getMessage().contains("<unk>"), error.getMessage());
    }

    private static String tokenizerJson(String normalizer, String postProcessor, String extraAddedTokens) {
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[" + SPECIAL_TOKENS
                + extraAddedTokens + "],\"normalizer\":" + normalizer + ",\"pre_tokenizer\":" + BERT_PRE_TOKENIZER
                + ",\"post_processor\":" + postProcessor + ",\"decoder\":null,\"model\":" + TINY_WORDPIECE + "}";
    }

    private Path write(String json) throws IOException {
        Path file = Files.createTempFile(tempDir, "tokenizer", ".json");
        Files.writeString(file, json);
        return file;
    }
}
