package dev.sift.text;

import java.util.Arrays;

/**
 * The WordPiece vocabulary as a code-point trie, so the longest vocabulary prefix of a word is
 * found in one forward walk without building substrings.
 *
 * <p>Edges live in one open-addressing table keyed by {@code (node, code point)}; the root's
 * edges for the Basic Multilingual Plane are a plain array, because most lookups in Chinese text
 * are single ideographs straight off the root.
 */
final class VocabTrie {

    /** Returned by {@link #child} when there is no edge; the root is never anyone's child. */
    static final int NO_NODE = 0;
    static final int ROOT = 0;
    /** {@link #tokenId} of a node that ends no vocabulary entry. */
    static final int NO_TOKEN = -1;

    private static final long EMPTY = -1L;
    private static final int BMP = 0x10000;

    private final int[] rootChildren;
    private int[] tokenIds;
    private int nodeCount;

    private long[] edgeKeys;
    private int[] edgeChildren;
    private int edgeCount;

    VocabTrie() {
        rootChildren = new int[BMP];
        tokenIds = new int[1024];
        nodeCount = 1;
        edgeKeys = new long[1024];
        edgeChildren = new int[1024];
        Arrays.fill(tokenIds, NO_TOKEN);
        Arrays.fill(edgeKeys, EMPTY);
    }

    /**
     * A trie from the arrays {@link CompiledTokenizer} saved of one built with {@link #put}, taken
     * as they are: the build that wrote them checked them against the tokenizer.json they came from.
     */
    VocabTrie(int[] rootChildren, int[] tokenIds, long[] edgeKeys, int[] edgeChildren, int edgeCount) {
        if (rootChildren.length != BMP || tokenIds.length == 0 || edgeKeys.length != edgeChildren.length
                || Integer.bitCount(edgeKeys.length) != 1 || 2 * edgeCount > edgeKeys.length) {
            throw new IllegalArgumentException("inconsistent trie arrays");
        }
        this.rootChildren = rootChildren;
        this.tokenIds = tokenIds;
        this.nodeCount = tokenIds.length;
        this.edgeKeys = edgeKeys;
        this.edgeChildren = edgeChildren;
        this.edgeCount = edgeCount;
    }

    int[] rootChildren() {
        return rootChildren;
    }

    /** Each node's token id ({@link #NO_TOKEN} if none), for nodes {@code 0 .. nodeCount-1} only. */
    int[] tokenIds() {
        return Arrays.copyOf(tokenIds, nodeCount);
    }

    long[] edgeKeys() {
        return edgeKeys;
    }

    int[] edgeChildren() {
        return edgeChildren;
    }

    int edgeCount() {
        return edgeCount;
    }

    /** Adds {@code token} with {@code id}; a later duplicate replaces the earlier id. */
    void put(String token, int id) {
        int node = ROOT;
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            i += Character.charCount(cp);
            int next = child(node, cp);
            if (next == NO_NODE) {
                next = newNode();
                link(node, cp, next);
            }
            node = next;
        }
        if (node != ROOT) {
            tokenIds[node] = id;
        }
    }

    /** The node reached from the root by {@code prefix} ({@link #ROOT} if empty), or -1 if no entry starts with it. */
    int find(String prefix) {
        int node = ROOT;
        for (int i = 0; i < prefix.length(); ) {
            int cp = prefix.codePointAt(i);
            i += Character.charCount(cp);
            node = child(node, cp);
            if (node == NO_NODE) {
                return -1;
            }
        }
        return node;
    }

    int child(int node, int codePoint) {
        if (node == ROOT && codePoint < BMP) {
            return rootChildren[codePoint];
        }
        long key = edgeKey(node, codePoint);
        int mask = edgeKeys.length - 1;
        for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
            long candidate = edgeKeys[slot];
            if (candidate == key) {
                return edgeChildren[slot];
            }
            if (candidate == EMPTY) {
                return NO_NODE;
            }
        }
    }

    int tokenId(int node) {
        return tokenIds[node];
    }

    private int newNode() {
        if (nodeCount == tokenIds.length) {
            int old = tokenIds.length;
            tokenIds = Arrays.copyOf(tokenIds, old * 2);
            Arrays.fill(tokenIds, old, tokenIds.length, NO_TOKEN);
        }
        return nodeCount++;
    }

    private void link(int parent, int codePoint, int child) {
        if (parent == ROOT && codePoint < BMP) {
            rootChildren[codePoint] = child;
            return;
        }
        // Keep the table at most half full so probe chains stay short.
        if (2 * (edgeCount + 1) > edgeKeys.length) {
            grow();
        }
        insert(edgeKey(parent, codePoint), child);
        edgeCount++;
    }

    private void insert(long key, int child) {
        int mask = edgeKeys.length - 1;
        int slot = slot(key, mask);
        while (edgeKeys[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        edgeKeys[slot] = key;
        edgeChildren[slot] = child;
    }

    private void grow() {
        long[] oldKeys = edgeKeys;
        int[] oldChildren = edgeChildren;
        edgeKeys = new long[oldKeys.length * 2];
        edgeChildren = new int[oldKeys.length * 2];
        Arrays.fill(edgeKeys, EMPTY);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(oldKeys[i], oldChildren[i]);
            }
        }
    }

    private static long edgeKey(int node, int codePoint) {
        // Code points need 21 bits; node ids fit in the rest, and keys stay non-negative.
        return ((long) node << 21) | codePoint;
    }

    private static int slot(long key, int mask) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 40) & mask;
    }
}
