package dev.sift.text;

import java.util.Arrays;

/**
 * The {@code model.vocab} object of tokenizer.json as parallel arrays, in file order. Tens of
 * thousands of entries are read at start-up; arrays avoid a boxed map that would only be copied
 * into the trie.
 */
final class VocabEntries {

    private String[] tokens = new String[1024];
    private int[] ids = new int[1024];
    private int size;

    void add(String token, int id) {
        if (size == tokens.length) {
            tokens = Arrays.copyOf(tokens, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
        }
        tokens[size] = token;
        ids[size] = id;
        size++;
    }

    int size() {
        return size;
    }

    String token(int index) {
        return tokens[index];
    }

    int id(int index) {
        return ids[index];
    }
}
