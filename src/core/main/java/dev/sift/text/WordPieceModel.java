package dev.sift.text;

/**
 * The {@code WordPiece} model: splits one pre-tokenized word into vocabulary pieces, greedily
 * taking the longest piece that matches, with later pieces looked up under the continuing-subword
 * prefix ({@code ##}). A word with no complete split, or longer than
 * {@code max_input_chars_per_word} code points, becomes a single unknown token.
 */
final class WordPieceModel {

    private final VocabTrie trie;
    private final int continuationNode;
    private final int unknownId;
    private final int maxInputCharsPerWord;

    WordPieceModel(VocabEntries vocab, String unknownToken, String continuingSubwordPrefix,
            int maxInputCharsPerWord) {
        this.trie = new VocabTrie();
        for (int i = 0; i < vocab.size(); i++) {
            trie.put(vocab.token(i), vocab.id(i));
        }
        this.unknownId = idOf(unknownToken);
        if (unknownId < 0) {
            throw new IllegalArgumentException(
                    "WordPiece unk_token '" + unknownToken + "' is not in the model vocab");
        }
        // Continuation pieces are the entries under the prefix; when no entry starts with it, no
        // word can be split and every multi-piece word becomes unknown, as in the reference.
        this.continuationNode = trie.find(continuingSubwordPrefix);
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    /** The model {@link CompiledTokenizer} saved: its trie, and the settings the constructor above derives. */
    WordPieceModel(VocabTrie trie, int continuationNode, int unknownId, int maxInputCharsPerWord) {
        this.trie = trie;
        this.continuationNode = continuationNode;
        this.unknownId = unknownId;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    VocabTrie trie() {
        return trie;
    }

    int continuationNode() {
        return continuationNode;
    }

    int unknownId() {
        return unknownId;
    }

    int maxInputCharsPerWord() {
        return maxInputCharsPerWord;
    }

    /** The vocab id of {@code token}, or -1. */
    int idOf(String token) {
        int node = trie.find(token);
        return node < 0 ? -1 : trie.tokenId(node);
    }

    /** Appends the piece ids of the word {@code codePoints[start, end)} to {@code ids}. */
    void tokenize(int[] codePoints, int start, int end, IntList ids) {
        if (end - start > maxInputCharsPerWord) {
            ids.add(unknownId);
            return;
        }
        int firstPiece = ids.size();
        int position = start;
        int from = VocabTrie.ROOT;
        while (position < end) {
            int node = from;
            int pieceEnd = -1;
            int pieceId = VocabTrie.NO_TOKEN;
            for (int i = position; i < end; i++) {
                node = trie.child(node, codePoints[i]);
                if (node == VocabTrie.NO_NODE) {
                    break;
                }
                int id = trie.tokenId(node);
                if (id != VocabTrie.NO_TOKEN) {
                    pieceId = id;
                    pieceEnd = i + 1;
                }
            }
            if (pieceId == VocabTrie.NO_TOKEN) {
                ids.truncate(firstPiece);
                ids.add(unknownId);
                return;
            }
            ids.add(pieceId);
            position = pieceEnd;
            from = continuationNode;
            if (from < 0 && position < end) {
                ids.truncate(firstPiece);
                ids.add(unknownId);
                return;
            }
        }
    }
}
