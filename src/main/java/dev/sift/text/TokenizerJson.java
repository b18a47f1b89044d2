package dev.sift.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face tokenizer.json into the BERT components, refusing anything else by name.
 *
 * <p>Uses Jackson's tree model only (no data binding), so it needs no reflection configuration in
 * a native image. Defaults for absent fields are the reference's serde defaults.
 */
final class TokenizerJson {

    private TokenizerJson() {}

    static BertTokenizer read(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("tokenizer.json must hold a JSON object");
        }
        JsonNode modelNode = root.path("model");
        requireType(modelNode, "model", "WordPiece");
        Map<String, Integer> vocab = vocab(modelNode.path("vocab"));
        WordPieceModel model = new WordPieceModel(
                vocab,
                modelNode.path("unk_token").asText("[UNK]"),
                modelNode.path("continuing_subword_prefix").asText("##"),
                modelNode.path("max_input_chars_per_word").asInt(100));

        List<AddedToken> addedTokens = addedTokens(root.path("added_tokens"));
        String[] idToToken = idToToken(vocab, addedTokens);
        BertNormalizer normalizer = normalizer(root.path("normalizer"));
        BertPreTokenizer preTokenizer = preTokenizer(root.path("pre_tokenizer"));
        TemplatePostProcessor postProcessor = postProcessor(root.path("post_processor"), vocab, addedTokens);
        int padId = padId(root.path("padding"), vocab, addedTokens);
        return new BertTokenizer(normalizer, preTokenizer, model, addedTokens, postProcessor, idToToken,
                distinctIds(vocab, addedTokens), padId);
    }

    private static void requireType(JsonNode node, String component, String... supported) {
        String type = node.path("type").asText(null);
        for (String candidate : supported) {
            if (candidate.equals(type)) {
                return;
            }
        }
        throw new IllegalArgumentException("Unsupported " + component + " type '" + type
                + "' in tokenizer.json: this BERT tokenizer supports " + component + " type "
                + String.join(" or ", supported));
    }

    private static Map<String, Integer> vocab(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            throw new IllegalArgumentException("tokenizer.json model.vocab must be a non-empty object of token -> id");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>(node.size() * 2);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().canConvertToInt() || entry.getValue().asInt() < 0) {
                throw new IllegalArgumentException(
                        "tokenizer.json model.vocab entry '" + entry.getKey() + "' has no valid id");
            }
            vocab.put(entry.getKey(), entry.getValue().asInt());
        }
        return vocab;
    }

    private static List<AddedToken> addedTokens(JsonNode node) {
        List<AddedToken> tokens = new ArrayList<>();
        for (JsonNode token : node) {
            boolean special = token.path("special").asBoolean(false);
            tokens.add(new AddedToken(
                    token.path("content").asText(),
                    token.path("id").asInt(),
                    token.path("single_word").asBoolean(false),
                    token.path("lstrip").asBoolean(false),
                    token.path("rstrip").asBoolean(false),
                    // The reference's default: special tokens match the raw text, others the normalized text.
                    token.path("normalized").asBoolean(!special)));
        }
        return tokens;
    }

    private static BertNormalizer normalizer(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return BertNormalizer.none();
        }
        requireType(node, "normalizer", "BertNormalizer");
        boolean lowercase = node.path("lowercase").asBoolean(true);
        JsonNode stripAccents = node.path("strip_accents");
        return new BertNormalizer(
                node.path("clean_text").asBoolean(true),
                node.path("handle_chinese_chars").asBoolean(true),
                // null means "strip accents exactly when lowercasing", as in the original BERT.
                stripAccents.isBoolean() ? stripAccents.asBoolean() : lowercase,
                lowercase);
    }

    private static BertPreTokenizer preTokenizer(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return BertPreTokenizer.none();
        }
        requireType(node, "pre_tokenizer", "BertPreTokenizer");
        return BertPreTokenizer.bert();
    }

    private static TemplatePostProcessor postProcessor(JsonNode node, Map<String, Integer> vocab,
            List<AddedToken> addedTokens) {
        if (node.isMissingNode() || node.isNull()) {
            return TemplatePostProcessor.none();
        }
        requireType(node, "post_processor", "TemplateProcessing", "BertProcessing");
        if ("BertProcessing".equals(node.path("type").asText())) {
            JsonNode cls = node.path("cls");
            JsonNode sep = node.path("sep");
            return new TemplatePostProcessor(
                    new int[] {cls.path(1).asInt()}, new String[] {cls.path(0).asText()},
                    new int[] {sep.path(1).asInt()}, new String[] {sep.path(0).asText()});
        }
        JsonNode specials = node.path("special_tokens");
        List<Integer> prefixIds = new ArrayList<>();
        List<String> prefixTokens = new ArrayList<>();
        List<Integer> suffixIds = new ArrayList<>();
        List<String> suffixTokens = new ArrayList<>();
        int sequences = 0;
        for (JsonNode piece : node.path("single")) {
            if (piece.has("Sequence")) {
                if (piece.path("Sequence").path("type_id").asInt(0) != 0) {
                    throw new IllegalArgumentException(
                            "tokenizer.json post_processor.single gives the sequence a non-zero type_id; "
                                    + "only type id 0 is supported for single sequences");
                }
                sequences++;
                continue;
            }
            String name = piece.path("SpecialToken").path("id").asText(null);
            if (name == null) {
                throw new IllegalArgumentException(
                        "tokenizer.json post_processor.single has an unknown piece: " + piece);
            }
            JsonNode special = specials.path(name);
            List<Integer> ids = sequences == 0 ? prefixIds : suffixIds;
            List<String> tokens = sequences == 0 ? prefixTokens : suffixTokens;
            if (special.isMissingNode()) {
                // Older files omit special_tokens; fall back to the vocabularies.
                ids.add(lookup(name, vocab, addedTokens));
                tokens.add(name);
            } else {
                for (JsonNode id : special.path("ids")) {
                    ids.add(id.asInt());
                }
                for (JsonNode token : special.path("tokens")) {
                    tokens.add(token.asText());
                }
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

    private static int padId(JsonNode padding, Map<String, Integer> vocab, List<AddedToken> addedTokens) {
        if (padding.has("pad_id")) {
            return padding.path("pad_id").asInt();
        }
        Integer pad = find("[PAD]", vocab, addedTokens);
        // Padded positions are masked out, so any id works when a file names no pad token.
        return pad != null ? pad : 0;
    }

    private static int lookup(String token, Map<String, Integer> vocab, List<AddedToken> addedTokens) {
        Integer id = find(token, vocab, addedTokens);
        if (id == null) {
            throw new IllegalArgumentException("tokenizer.json post_processor uses '" + token
                    + "', which is neither an added token nor in the vocab");
        }
        return id;
    }

    private static Integer find(String token, Map<String, Integer> vocab, List<AddedToken> addedTokens) {
        for (AddedToken added : addedTokens) {
            if (added.content().equals(token)) {
                return added.id();
            }
        }
        return vocab.get(token);
    }

    private static String[] idToToken(Map<String, Integer> vocab, List<AddedToken> addedTokens) {
        int maxId = -1;
        for (int id : vocab.values()) {
            maxId = Math.max(maxId, id);
        }
        for (AddedToken token : addedTokens) {
            maxId = Math.max(maxId, token.id());
        }
        String[] tokens = new String[maxId + 1];
        for (Map.Entry<String, Integer> entry : vocab.entrySet()) {
            tokens[entry.getValue()] = entry.getKey();
        }
        // The reference resolves ids through the added tokens first.
        for (AddedToken token : addedTokens) {
            tokens[token.id()] = token.content();
        }
        return tokens;
    }

    private static int distinctIds(Map<String, Integer> vocab, List<AddedToken> addedTokens) {
        java.util.BitSet ids = new java.util.BitSet();
        vocab.values().forEach(ids::set);
        addedTokens.forEach(token -> ids.set(token.id()));
        return ids.cardinality();
    }
}
