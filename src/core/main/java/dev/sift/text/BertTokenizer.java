package dev.sift.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A pure-Java BERT tokenizer that reads a Hugging Face tokenizer.json and produces the same ids as
 * the Rust {@code tokenizers} library for BERT-family files (BertNormalizer, BertPreTokenizer,
 * WordPiece, TemplateProcessing or BertProcessing).
 *
 * <p>Pipeline per text: cut out added tokens such as {@code [MASK]} from the raw text, normalize
 * the rest, split it into words, split words into WordPiece ids, truncate, add the template's
 * special tokens. Instances are immutable and thread-safe; every call works in its own buffers.
 */
public final class BertTokenizer {

    private static final int NO_ADDED_TOKEN = -1;
    /** The version of the form {@link #compile} writes; {@link #fromCompiled} reads this one only. */
    public static final int COMPILED_FORMAT = CompiledTokenizer.FORMAT;

    private final BertNormalizer normalizer;
    private final BertPreTokenizer preTokenizer;
    private final WordPieceModel model;
    private final List<AddedToken> addedTokens;
    private final AddedTokenMatcher rawAddedTokens;
    private final AddedTokenMatcher normalizedAddedTokens;
    private final TemplatePostProcessor postProcessor;
    private final String[] idToToken;
    private final int vocabSize;
    private final int padId;

    BertTokenizer(BertNormalizer normalizer, BertPreTokenizer preTokenizer, WordPieceModel model,
            List<AddedToken> addedTokens, TemplatePostProcessor postProcessor, String[] idToToken,
            int vocabSize, int padId) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.addedTokens = List.copyOf(addedTokens);
        List<AddedToken> raw = new ArrayList<>();
        List<AddedToken> normalized = new ArrayList<>();
        for (AddedToken token : addedTokens) {
            (token.normalized() ? normalized : raw).add(token);
        }
        this.rawAddedTokens = new AddedTokenMatcher(raw, token -> codePoints(token.content()));
        // Tokens marked "normalized" are matched in their normalized spelling against normalized text.
        this.normalizedAddedTokens = new AddedTokenMatcher(normalized, token -> {
            int[] content = codePoints(token.content());
            IntList out = new IntList(content.length * 3);
            normalizer.normalize(content, 0, content.length, out);
            return out.toArray();
        });
        this.postProcessor = postProcessor;
        this.idToToken = idToToken;
        this.vocabSize = vocabSize;
        this.padId = padId;
    }

    /** Reads a tokenizer.json file. */
    public static BertTokenizer fromJson(Path tokenizerJson) throws IOException {
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            return fromJson(in);
        }
    }

    /**
     * Reads a tokenizer.json stream (not closed).
     *
     * @throws IllegalArgumentException if the file uses a normalizer, pre-tokenizer, model or
     *     post-processor other than the BERT ones; the message names the component
     */
    public static BertTokenizer fromJson(InputStream in) throws IOException {
        return TokenizerJson.read(in);
    }

    /**
     * Reads the form {@link #compile} wrote: the same tokenizer without parsing JSON or building
     * the vocabulary trie, which is most of what a cold start spends on the tokenizer.
     *
     * @throws IllegalArgumentException if {@code compiled} is not that form, or of another format version
     */
    public static BertTokenizer fromCompiled(byte[] compiled) {
        return CompiledTokenizer.read(compiled);
    }

    /** This tokenizer in the compiled form {@link #fromCompiled} reads (see {@link CompiledTokenizer}). */
    public byte[] compile() {
        return CompiledTokenizer.write(this);
    }

    /** Every token string that has an id, the vocabulary's and the added tokens, in id order. */
    public List<String> tokens() {
        List<String> tokens = new ArrayList<>(idToToken.length);
        for (String token : idToToken) {
            if (token != null) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    BertNormalizer normalizer() {
        return normalizer;
    }

    BertPreTokenizer preTokenizer() {
        return preTokenizer;
    }

    WordPieceModel model() {
        return model;
    }

    List<AddedToken> addedTokens() {
        return addedTokens;
    }

    TemplatePostProcessor postProcessor() {
        return postProcessor;
    }

    String[] idToToken() {
        return idToToken;
    }

    /** Encodes {@code text}, keeping its first tokens if it has more than {@code maxLength}. */
    public Encoding encode(String text, int maxLength) {
        return encode(text, Truncation.head(maxLength));
    }

    /**
     * Encodes {@code text} with the template's special tokens, truncated as {@code truncation}
     * says; {@link Truncation#maxLength()} includes the special tokens.
     *
     * @throws IllegalArgumentException if {@code maxLength} is smaller than the number of special tokens
     */
    public Encoding encode(String text, Truncation truncation) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(truncation, "truncation");
        int specials = postProcessor.addedTokenCount();
        int budget = truncation.maxLength() - specials;
        if (budget < 0) {
            throw new IllegalArgumentException("maxLength " + truncation.maxLength()
                    + " is shorter than the " + specials + " special tokens every encoding gets");
        }
        // Head-only truncation never needs the tokens past the budget, so stop as soon as one exists.
        int stopAfter = truncation.headOnly() ? budget : Integer.MAX_VALUE;

        int[] input = new int[text.length()];
        int inputLength = toCodePoints(text, input);
        IntList ids = new IntList(Math.min(inputLength, budget) + 8);
        Workspace workspace = new Workspace(inputLength);
        if (rawAddedTokens.isEmpty()) {
            encodePlain(input, 0, inputLength, ids, workspace, stopAfter);
        } else {
            IntList runs = new IntList(12);
            rawAddedTokens.split(input, 0, inputLength, runs);
            for (int r = 0; r < runs.size() && ids.size() <= stopAfter; r += 3) {
                int id = runs.get(r + 2);
                if (id == NO_ADDED_TOKEN) {
                    encodePlain(input, runs.get(r), runs.get(r + 1), ids, workspace, stopAfter);
                } else {
                    ids.add(id);
                }
            }
        }

        int count = ids.size();
        boolean truncated = count > budget;
        if (!truncated) {
            return postProcessor.apply(ids.array(), count, count, count, idToToken, false);
        }
        int head = Math.min(truncation.headTokens(), budget);
        return postProcessor.apply(ids.array(), head, count - (budget - head), count, idToToken, true);
    }

    /** The id padded positions get: the file's padding id, else {@code [PAD]}'s. */
    public int padId() {
        return padId;
    }

    /** Number of distinct ids, the model vocabulary and added tokens together. */
    public int vocabSize() {
        return vocabSize;
    }

    /** Normalizes, pre-tokenizes and WordPiece-splits text that holds no raw added token. */
    private void encodePlain(int[] input, int from, int to, IntList ids, Workspace workspace, int stopAfter) {
        IntList normalized = workspace.normalized;
        normalized.clear();
        normalizer.normalize(input, from, to, normalized);
        if (normalizedAddedTokens.isEmpty()) {
            encodeWords(normalized.array(), 0, normalized.size(), ids, workspace, stopAfter);
            return;
        }
        IntList runs = new IntList(12);
        normalizedAddedTokens.split(normalized.array(), 0, normalized.size(), runs);
        for (int r = 0; r < runs.size() && ids.size() <= stopAfter; r += 3) {
            int id = runs.get(r + 2);
            if (id == NO_ADDED_TOKEN) {
                encodeWords(normalized.array(), runs.get(r), runs.get(r + 1), ids, workspace, stopAfter);
            } else {
                ids.add(id);
            }
        }
    }

    private void encodeWords(int[] normalized, int from, int to, IntList ids, Workspace workspace, int stopAfter) {
        IntList spans = workspace.spans;
        spans.clear();
        preTokenizer.split(normalized, from, to, spans);
        int[] bounds = spans.array();
        for (int s = 0; s < spans.size() && ids.size() <= stopAfter; s += 2) {
            model.tokenize(normalized, bounds[s], bounds[s + 1], ids);
        }
    }

    /** Decodes UTF-16 into code points; returns how many were written. */
    private static int toCodePoints(String text, int[] out) {
        int count = 0;
        int length = text.length();
        for (int i = 0; i < length; ) {
            char c = text.charAt(i++);
            if (Character.isHighSurrogate(c) && i < length && Character.isLowSurrogate(text.charAt(i))) {
                out[count++] = Character.toCodePoint(c, text.charAt(i++));
            } else {
                out[count++] = c;
            }
        }
        return count;
    }

    private static int[] codePoints(String text) {
        return text.codePoints().toArray();
    }

    /** Per-call scratch buffers, so one tokenizer can serve many threads. */
    private static final class Workspace {
        final IntList normalized;
        final IntList spans = new IntList(64);

        Workspace(int inputLength) {
            normalized = new IntList(inputLength + inputLength / 2 + 8);
        }
    }
}
