package dev.sift.text;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes small BERT tokenizer.json files for tests, so other configurations than bge's are covered. */
final class SyntheticTokenizerJson {

    static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private SyntheticTokenizerJson() {}

    /**
     * A tokenizer whose vocab is the five BERT specials (ids 0..4), then {@code words}, then every
     * code point in {@code [firstCodePoint, lastCodePoint]} (surrogates skipped) alone and with the
     * {@code ##} prefix.
     *
     * @param normalizerJson the normalizer object, e.g. {@code {"type":"BertNormalizer",...}}
     */
    static Path write(Path file, String normalizerJson, List<String> words, int firstCodePoint, int lastCodePoint)
            throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[");
            for (int i = 0; i < SPECIALS.size(); i++) {
                out.write((i > 0 ? "," : "") + "{\"id\":" + i + ",\"content\":" + quote(SPECIALS.get(i))
                        + ",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}");
            }
            out.write("],\"normalizer\":" + normalizerJson + ",\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},");
            out.write("\"post_processor\":{\"type\":\"TemplateProcessing\",");
            out.write("\"single\":[{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
                    + "{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}}],");
            out.write("\"pair\":[{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
                    + "{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"B\",\"type_id\":1}},"
                    + "{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":1}}],");
            out.write("\"special_tokens\":{\"[CLS]\":{\"id\":\"[CLS]\",\"ids\":[2],\"tokens\":[\"[CLS]\"]},"
                    + "\"[SEP]\":{\"id\":\"[SEP]\",\"ids\":[3],\"tokens\":[\"[SEP]\"]}}},");
            out.write("\"decoder\":{\"type\":\"WordPiece\",\"prefix\":\"##\",\"cleanup\":true},");
            out.write("\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\","
                    + "\"max_input_chars_per_word\":100,\"vocab\":{");
            int id = 0;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String special : SPECIALS) {
                out.write((id > 0 ? "," : "") + quote(special) + ":" + id++);
                seen.add(special);
            }
            for (String word : words) {
                if (seen.add(word)) {
                    out.write("," + quote(word) + ":" + id++);
                }
            }
            for (int cp = firstCodePoint; cp <= lastCodePoint; cp++) {
                if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                    continue;
                }
                String single = Character.toString(cp);
                if (seen.add(single)) {
                    out.write("," + quote(single) + ":" + id++);
                }
                if (seen.add("##" + single)) {
                    out.write("," + quote("##" + single) + ":" + id++);
                }
            }
            out.write("}}}");
        }
        return file;
    }

    static String bertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase) {
        return "{\"type\":\"BertNormalizer\",\"clean_text\":" + cleanText + ",\"handle_chinese_chars\":"
                + handleChineseChars + ",\"strip_accents\":" + stripAccents + ",\"lowercase\":" + lowercase + "}";
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
