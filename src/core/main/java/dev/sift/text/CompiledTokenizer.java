package dev.sift.text;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link BertTokenizer} saved as the arrays it is made of, so that loading it is a few bulk
 * copies instead of parsing tokenizer.json and building the vocabulary trie token by token. In a
 * cold JVM that parse and build cost 37-46 ms of the model-load thread (its JSON 23-28 ms, the trie
 * 11-15 ms), on a start that is CPU-bound on two cores.
 *
 * <p>The form is derived, never a source: the build writes it from tokenizer.json beside it and
 * checks that it reads back into the same tokenizer ({@code CompilePackagedTokenizer}). It is not
 * an interchange format, so it is versioned by {@link #FORMAT} alone and a reader refuses any other.
 *
 * <p>Layout, little-endian: the magic {@code SIFT-TOK} and the format; the normalizer's flags and
 * whether words are pre-tokenized; WordPiece's unknown id, continuation node and word limit; the
 * trie's root array, node token ids, edge hash table and edge count; the added tokens; the
 * template's prefix and suffix; the id-to-token strings as one UTF-8 block with their lengths; the
 * vocabulary size and pad id. Arrays and strings carry their length before them.
 */
final class CompiledTokenizer {

    static final int FORMAT = 1;
    private static final byte[] MAGIC = "SIFT-TOK".getBytes(StandardCharsets.US_ASCII);
    /** Length of an id that no token has (a gap in the vocabulary's ids). */
    private static final int NO_TOKEN = -1;

    private CompiledTokenizer() {}

    static byte[] write(BertTokenizer tokenizer) {
        Output out = new Output();
        out.raw(MAGIC);
        out.integer(FORMAT);
        out.integer(tokenizer.normalizer().flags());
        out.integer(tokenizer.preTokenizer().enabled() ? 1 : 0);
        WordPieceModel model = tokenizer.model();
        out.integer(model.unknownId());
        out.integer(model.continuationNode());
        out.integer(model.maxInputCharsPerWord());
        VocabTrie trie = model.trie();
        out.integers(trie.rootChildren());
        out.integers(trie.tokenIds());
        out.longs(trie.edgeKeys());
        out.integers(trie.edgeChildren());
        out.integer(trie.edgeCount());
        List<AddedToken> added = tokenizer.addedTokens();
        out.integer(added.size());
        for (AddedToken token : added) {
            out.string(token.content());
            out.integer(token.id());
            out.integer((token.singleWord() ? 1 : 0) | (token.leftStrip() ? 2 : 0) | (token.rightStrip() ? 4 : 0)
                    | (token.normalized() ? 8 : 0));
        }
        TemplatePostProcessor template = tokenizer.postProcessor();
        out.integers(template.prefixIds());
        out.strings(template.prefixTokens());
        out.integers(template.suffixIds());
        out.strings(template.suffixTokens());
        String[] idToToken = tokenizer.idToToken();
        int[] lengths = new int[idToToken.length];
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int id = 0; id < idToToken.length; id++) {
            if (idToToken[id] == null) {
                lengths[id] = NO_TOKEN;
                continue;
            }
            byte[] utf8 = idToToken[id].getBytes(StandardCharsets.UTF_8);
            lengths[id] = utf8.length;
            text.writeBytes(utf8);
        }
        out.integers(lengths);
        out.bytes(text.toByteArray());
        out.integer(tokenizer.vocabSize());
        out.integer(tokenizer.padId());
        return out.toByteArray();
    }

    static BertTokenizer read(byte[] compiled) {
        ByteBuffer in = ByteBuffer.wrap(compiled).order(ByteOrder.LITTLE_ENDIAN);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a compiled tokenizer (no SIFT-TOK header)");
            }
            int format = in.getInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("compiled tokenizer of format " + format + ", this reader reads " + FORMAT);
            }
            BertNormalizer normalizer = BertNormalizer.ofFlags(in.getInt());
            BertPreTokenizer preTokenizer = in.getInt() != 0 ? BertPreTokenizer.bert() : BertPreTokenizer.none();
            int unknownId = in.getInt();
            int continuationNode = in.getInt();
            int maxInputCharsPerWord = in.getInt();
            VocabTrie trie = new VocabTrie(integers(in), integers(in), longs(in), integers(in), in.getInt());
            WordPieceModel model = new WordPieceModel(trie, continuationNode, unknownId, maxInputCharsPerWord);
            int addedCount = in.getInt();
            List<AddedToken> added = new ArrayList<>(addedCount);
            for (int i = 0; i < addedCount; i++) {
                String content = string(in);
                int id = in.getInt();
                int flags = in.getInt();
                added.add(new AddedToken(content, id, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
                        (flags & 8) != 0));
            }
            TemplatePostProcessor template = new TemplatePostProcessor(integers(in), strings(in), integers(in),
                    strings(in));
            String[] idToToken = tokens(integers(in), bytes(in));
            int vocabSize = in.getInt();
            int padId = in.getInt();
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("compiled tokenizer has " + in.remaining() + " bytes past its end");
            }
            return new BertTokenizer(normalizer, preTokenizer, model, added, template, idToToken, vocabSize, padId);
        } catch (BufferUnderflowException | NegativeArraySizeException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("compiled tokenizer is truncated or malformed", e);
        }
    }

    /** The id-to-token table from its UTF-8 block; decoding it whole costs less than a lazy table would on every request. */
    private static String[] tokens(int[] lengths, byte[] text) {
        String[] tokens = new String[lengths.length];
        int at = 0;
        for (int id = 0; id < lengths.length; id++) {
            int length = lengths[id];
            if (length != NO_TOKEN) {
                tokens[id] = new String(text, at, length, StandardCharsets.UTF_8);
                at += length;
            }
        }
        if (at != text.length) {
            throw new IllegalArgumentException("compiled tokenizer's token lengths do not cover its token text");
        }
        return tokens;
    }

    private static int[] integers(ByteBuffer in) {
        int[] values = new int[in.getInt()];
        in.asIntBuffer().get(values);
        in.position(in.position() + 4 * values.length);
        return values;
    }

    private static long[] longs(ByteBuffer in) {
        long[] values = new long[in.getInt()];
        in.asLongBuffer().get(values);
        in.position(in.position() + 8 * values.length);
        return values;
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] values = new byte[in.getInt()];
        in.get(values);
        return values;
    }

    private static String string(ByteBuffer in) {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    private static String[] strings(ByteBuffer in) {
        String[] values = new String[in.getInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = string(in);
        }
        return values;
    }

    /** A growing little-endian buffer. */
    private static final class Output {
        private ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        void integer(int value) {
            room(4).putInt(value);
        }

        void integers(int[] values) {
            integer(values.length);
            ByteBuffer target = room(4 * values.length);
            target.asIntBuffer().put(values);
            target.position(target.position() + 4 * values.length);
        }

        void longs(long[] values) {
            integer(values.length);
            ByteBuffer target = room(8 * values.length);
            target.asLongBuffer().put(values);
            target.position(target.position() + 8 * values.length);
        }

        void bytes(byte[] values) {
            integer(values.length);
            raw(values);
        }

        void raw(byte[] values) {
            room(values.length).put(values);
        }

        void string(String value) {
            bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        void strings(String[] values) {
            integer(values.length);
            for (String value : values) {
                string(value);
            }
        }

        byte[] toByteArray() {
            byte[] result = new byte[buffer.position()];
            buffer.flip().get(result);
            return result;
        }

        private ByteBuffer room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(2 * buffer.capacity(), buffer.position() + bytes))
                        .order(ByteOrder.LITTLE_ENDIAN);
                larger.put(buffer.flip());
                buffer = larger;
            }
            return buffer;
        }
    }
}
