package dev.sift.discover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Character 1–3-gram TF-IDF rows, the bag-of-words view of a few-shot set: the same features as
 * scikit-learn's {@code TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)}
 * (lower-cased, runs of white space as one space, smoothed idf, {@code 1 + ln tf}, unit length),
 * which {@code src/bench/fewshot_tfidf.py} and the issue-12 probes measured. Characters are code
 * points, so a character outside the Basic Multilingual Plane is one character. For Chinese,
 * characters are the words a segmenter would otherwise have to find.
 *
 * <p>Fitted on the labelled examples only: the probe that fitted the vocabulary on the whole pool
 * instead scored within 1 point of this (fewshot-probes.md), and a vocabulary of a few examples is a
 * few thousand entries however large the pool is.
 */
final class CharNgramTfIdf {
    static final int MAX_N = 3;
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    /** A sparse row: feature indices in increasing order and their values. */
    record Row(int[] index, float[] value) {
    }

    private final Map<String, Integer> vocabulary;
    private final double[] idf;

    private CharNgramTfIdf(Map<String, Integer> vocabulary, double[] idf) {
        this.vocabulary = vocabulary;
        this.idf = idf;
    }

    static CharNgramTfIdf fit(List<String> texts) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (String text : texts) {
            for (String gram : new HashSet<>(ngrams(text))) {
                documentFrequency.merge(gram, 1, Integer::sum);
            }
        }
        // sorted, so that a feature's index does not depend on hash order
        Map<String, Integer> vocabulary = new HashMap<>();
        double[] idf = new double[documentFrequency.size()];
        for (String gram : new TreeSet<>(documentFrequency.keySet())) {
            int index = vocabulary.size();
            vocabulary.put(gram, index);
            idf[index] = Math.log((1.0 + texts.size()) / (1.0 + documentFrequency.get(gram))) + 1;
        }
        return new CharNgramTfIdf(vocabulary, idf);
    }

    int features() {
        return idf.length;
    }

    /** The text's row; n-grams outside the vocabulary are dropped. A text with none is an empty row. */
    Row transform(String text) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String gram : ngrams(text)) {
            Integer index = vocabulary.get(gram);
            if (index != null) {
                counts.merge(index, 1, Integer::sum);
            }
        }
        int[] index = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        double[] value = new double[index.length];
        double squares = 0;
        for (int k = 0; k < index.length; k++) {
            value[k] = (1 + Math.log(counts.get(index[k]))) * idf[index[k]];
            squares += value[k] * value[k];
        }
        double norm = Math.sqrt(squares);
        float[] unit = new float[index.length];
        for (int k = 0; k < index.length; k++) {
            unit[k] = (float) (value[k] / norm);
        }
        return new Row(index, unit);
    }

    static List<String> ngrams(String text) {
        int[] chars = WHITE_SPACE.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").codePoints().toArray();
        List<String> grams = new ArrayList<>();
        for (int n = 1; n <= Math.min(MAX_N, chars.length); n++) {
            for (int i = 0; i + n <= chars.length; i++) {
                grams.add(new String(Arrays.copyOfRange(chars, i, i + n), 0, n));
            }
        }
        return grams;
    }
}
