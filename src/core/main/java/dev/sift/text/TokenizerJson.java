package dev.sift.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face tokenizer.json into the BERT components, refusing anything else by name.
 *
 * <p>Uses Jackson's streaming parser into plain maps and lists rather than {@code ObjectMapper}:
 * no reflection to configure for a native image, and about 100 ms less class loading at cold
 * start. Defaults for absent fields are the reference's serde defaults.
 */
final class TokenizerJson {

    // The 21k vocab tokens arrive as field names; canonicalizing them into Jackson's symbol table
    // would only cost time, since each appears once.
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    private TokenizerJson() {}

    static BertTokenizer read(InputStream in) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        VocabEntries vocab = null;
        try (JsonParser parser = JSON.createParser(in)) {
            parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("tokenizer.json must hold a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (!"model".equals(name) || parser.currentToken() != JsonToken.START_OBJECT) {
                    root.put(name, readValue(parser));
                    continue;
                }
                // The vocab is by far the largest part: stream it into arrays instead of a map.
                Map<String, Object> model = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if ("vocab".equals(field) && parser.currentToken() == JsonToken.START_OBJECT) {
                        vocab = readVocab(parser);
                    } else {
                        model.put(field, readValue(parser));
                    }
                }
                root.put(name, model);
            }
        }
        Map<?, ?> modelNode = object(root, "model");
        requireType(modelNode, "model", "WordPiece");
        if (vocab == null || vocab.size() == 0) {
            throw new IllegalArgumentException("tokenizer.json model.vocab must be a non-empty object of token -> id");
        }
        WordPieceModel model = new WordPieceModel(
                vocab,
                string(modelNode, "unk_token", "[UNK]"),
                string(modelNode, "continuing_subword_prefix", "##"),
                integer(modelNode, "max_input_chars_per_word", 100));

        List<AddedToken> addedTokens = addedTokens(root.get("added_tokens"));
        String[] idToToken = idToToken(vocab, addedTokens);
        BertNormalizer normalizer = normalizer(root.get("normalizer"));
        BertPreTokenizer preTokenizer = preTokenizer(root.get("pre_tokenizer"));
        TemplatePostProcessor postProcessor = postProcessor(root.get("post_processor"), model, addedTokens);
        int padId = padId(root.get("padding"), model, addedTokens);
        return new BertTokenizer(normalizer, preTokenizer, model, addedTokens, postProcessor, idToToken,
                distinctIds(vocab, addedTokens), padId);
    }

    private static void requireType(Object node, String component, String... supported) {
        Object type = node instanceof Map<?, ?> map ? map.get("type") : null;
        for (String candidate : supported) {
            if (candidate.equals(type)) {
                return;
            }
        }
        throw new IllegalArgumentException("Unsupported " + component + " type '" + type
                + "' in tokenizer.json: this BERT tokenizer supports " + component + " type "
                + String.join(" or ", supported));
    }

    private static VocabEntries readVocab(JsonParser parser) throws IOException {
        VocabEntries vocab = new VocabEntries();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String token = parser.currentName();
            if (parser.nextToken() != JsonToken.VALUE_NUMBER_INT
                    || parser.getNumberType() != JsonParser.NumberType.INT || parser.getIntValue() < 0) {
                throw new IllegalArgumentException("tokenizer.json model.vocab entry '" + token + "' has no valid id");
            }
            vocab.add(token, parser.getIntValue());
        }
        return vocab;
    }

    private static List<AddedToken> addedTokens(Object node) {
        List<AddedToken> tokens = new ArrayList<>();
        if (node == null) {
            return tokens;
        }
        if (!(node instanceof List<?> list)) {
            throw new IllegalArgumentException("tokenizer.json added_tokens must be an array");
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> token) || !(token.get("content") instanceof String content)
                    || !(token.get("id") instanceof Integer id) || id < 0) {
                throw new IllegalArgumentException("tokenizer.json added_tokens entry needs a content and an id: " + item);
            }
            boolean special = bool(token, "special", false);
            tokens.add(new AddedToken(content, id,
                    bool(token, "single_word", false),
                    bool(token, "lstrip", false),
                    bool(token, "rstrip", false),
                    // The reference's default: special tokens match the raw text, others the normalized text.
                    bool(token, "normalized", !special)));
        }
        return tokens;
    }

    private static BertNormalizer normalizer(Object node) {
        if (node == null) {
            return BertNormalizer.none();
        }
        requireType(node, "normalizer", "BertNormalizer");
        Map<?, ?> config = (Map<?, ?>) node;
        boolean lowercase = bool(config, "lowercase", true);
        return new BertNormalizer(
                bool(config, "clean_text", true),
                bool(config, "handle_chinese_chars", true),
                // null means "strip accents exactly when lowercasing", as in the original BERT.
                bool(config, "strip_accents", lowercase),
                lowercase);
    }

    private static BertPreTokenizer preTokenizer(Object node) {
        if (node == null) {
            return BertPreTokenizer.none();
        }
        requireType(node, "pre_tokenizer", "BertPreTokenizer");
        return BertPreTokenizer.bert();
    }

    private static TemplatePostProcessor postProcessor(Object node, WordPieceModel model,
            List<AddedToken> addedTokens) {
        if (node == null) {
            return TemplatePostProcessor.none();
        }
        requireType(node, "post_processor", "TemplateProcessing", "BertProcessing");
        Map<?, ?> config = (Map<?, ?>) node;
        if ("BertProcessing".equals(config.get("type"))) {
            List<?> cls = list(config, "cls");
            List<?> sep = list(config, "sep");
            return new TemplatePostProcessor(
                    new int[] {(Integer) cls.get(1)}, new String[] {(String) cls.get(0)},
                    new int[] {(Integer) sep.get(1)}, new String[] {(String) sep.get(0)});
        }
        Map<?, ?> specials = config.get("special_tokens") instanceof Map<?, ?> map ? map : Map.of();
        List<Integer> prefixIds = new ArrayList<>();
        List<String> prefixTokens = new ArrayList<>();
        List<Integer> suffixIds = new ArrayList<>();
        List<String> suffixTokens = new ArrayList<>();
        int sequences = 0;
        for (Object piece : list(config, "single")) {
            Map<?, ?> item = piece instanceof Map<?, ?> map ? map : Map.of();
            if (item.get("Sequence") instanceof Map<?, ?> sequence) {
                if (integer(sequence, "type_id", 0) != 0) {
                    throw new IllegalArgumentException(
                            "tokenizer.json post_processor.single gives the sequence a non-zero type_id; "
                                    + "only type id 0 is supported for single sequences");
                }
                sequences++;
                continue;
            }
            if (!(item.get("SpecialToken") instanceof Map<?, ?> specialToken)
                    || !(specialToken.get("id") instanceof String name)) {
                throw new IllegalArgumentException("tokenizer.json post_processor.single has an unknown piece: " + piece);
            }
            List<Integer> ids = sequences == 0 ? prefixIds : suffixIds;
            List<String> tokens = sequences == 0 ? prefixTokens : suffixTokens;
            if (specials.get(name) instanceof Map<?, ?> special) {
                for (Object id : list(special, "ids")) {
                    ids.add((Integer) id);
                }
                for (Object token : list(special, "tokens")) {
                    tokens.add((String) token);
                }
            } else {
                // Older files omit special_tokens; fall back to the vocabularies.
                ids.add(lookup(name, model, addedTokens));
                tokens.add(name);
            }
        }
        if (sequences != 1) {
            throw new IllegalArgumentException("tokenizer.json post_processor.single must contain the sequence "
                    + "exactly once, found " + sequences);
        }
        if (prefixIds.size() != prefixTokens.size() || suffixIds.size() != suffixTokens.size()) {
            throw new IllegalArgumentException(
                    "tokenizer.json post_processor.special_tokens has ids and tokens of different lengths");
        }
        return new TemplatePostProcessor(
                prefixIds.stream().mapToInt(Integer::intValue).toArray(), prefixTokens.toArray(new String[0]),
                suffixIds.stream().mapToInt(Integer::intValue).toArray(), suffixTokens.toArray(new String[0]));
    }

    private static int padId(Object padding, WordPieceModel model, List<AddedToken> addedTokens) {
        if (padding instanceof Map<?, ?> config && config.get("pad_id") instanceof Integer id) {
            return id;
        }
        int pad = find("[PAD]", model, addedTokens);
        // Padded positions are masked out, so any id works when a file names no pad token.
        return pad >= 0 ? pad : 0;
    }

    private static int lookup(String token, WordPieceModel model, List<AddedToken> addedTokens) {
        int id = find(token, model, addedTokens);
        if (id < 0) {
            throw new IllegalArgumentException("tokenizer.json post_processor uses '" + token
                    + "', which is neither an added token nor in the vocab");
        }
        return id;
    }

    /** The id of {@code token}, looking at the added tokens first as the reference does; -1 if unknown. */
    private static int find(String token, WordPieceModel model, List<AddedToken> addedTokens) {
        for (AddedToken added : addedTokens) {
            if (added.content().equals(token)) {
                return added.id();
            }
        }
        return model.idOf(token);
    }

    private static String[] idToToken(VocabEntries vocab, List<AddedToken> addedTokens) {
        int maxId = -1;
        for (int i = 0; i < vocab.size(); i++) {
            maxId = Math.max(maxId, vocab.id(i));
        }
        for (AddedToken token : addedTokens) {
            maxId = Math.max(maxId, token.id());
        }
        String[] tokens = new String[maxId + 1];
        for (int i = 0; i < vocab.size(); i++) {
            tokens[vocab.id(i)] = vocab.token(i);
        }
        // The reference resolves ids through the added tokens first.
        for (AddedToken token : addedTokens) {
            tokens[token.id()] = token.content();
        }
        return tokens;
    }

    private static int distinctIds(VocabEntries vocab, List<AddedToken> addedTokens) {
        BitSet ids = new BitSet();
        for (int i = 0; i < vocab.size(); i++) {
            ids.set(vocab.id(i));
        }
        addedTokens.forEach(token -> ids.set(token.id()));
        return ids.cardinality();
    }

    private static Map<?, ?> object(Map<?, ?> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("tokenizer.json has no '" + key + "' object");
        }
        return map;
    }

    private static List<?> list(Map<?, ?> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("tokenizer.json has no '" + key + "' array where one is expected");
        }
        return list;
    }

    private static String string(Map<?, ?> parent, String key, String fallback) {
        return parent.get(key) instanceof String value ? value : fallback;
    }

    private static int integer(Map<?, ?> parent, String key, int fallback) {
        return parent.get(key) instanceof Integer value ? value : fallback;
    }

    private static boolean bool(Map<?, ?> parent, String key, boolean fallback) {
        return parent.get(key) instanceof Boolean value ? value : fallback;
    }

    /** Reads the value at the parser's current token into maps, lists, strings, numbers, booleans and nulls. */
    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new IllegalArgumentException("tokenizer.json is empty");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, readValue(parser));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(parser));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() == JsonParser.NumberType.INT) {
                    return Integer.valueOf(parser.getIntValue());
                }
                return Long.valueOf(parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("Unexpected JSON token " + token + " in tokenizer.json");
        }
    }
}
