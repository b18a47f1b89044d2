package dev.sift.discover;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Class-based TF-IDF (as in BERTopic): all texts of a cluster are one document; a term scores
 * {@code tf(t, c) * log(1 + A / f(t))}, with tf its share of the cluster's terms, f(t) its count
 * over all clusters and A the mean number of terms per cluster. A term frequent in one cluster and
 * rare elsewhere ranks first; one frequent everywhere ("质量", "不错") sinks.
 */
public final class ClassTfIdf {
    /** A keyword and its score. */
    public record Keyword(String term, double score) {
    }

    private ClassTfIdf() {
    }

    public static List<List<Keyword>> keywords(List<String> texts, int[] cluster, int k, WordSegmenter segmenter,
            int top, ProgressBar progress) {
        List<Map<String, Integer>> counts = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            counts.add(new HashMap<>());
        }
        long[] termsIn = new long[k];
        Map<String, Long> overall = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            for (String term : segmenter.terms(texts.get(i))) {
                counts.get(cluster[i]).merge(term, 1, Integer::sum);
                overall.merge(term, 1L, Long::sum);
                termsIn[cluster[i]]++;
            }
            progress.advance(1);
        }
        progress.finish();
        double meanTerms = 0;
        for (long t : termsIn) {
            meanTerms += t;
        }
        meanTerms /= k;
        List<List<Keyword>> result = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            long total = Math.max(termsIn[c], 1);
            List<Keyword> scored = new ArrayList<>();
            for (Map.Entry<String, Integer> e : counts.get(c).entrySet()) {
                double tf = (double) e.getValue() / total;
                double idf = Math.log(1 + meanTerms / overall.get(e.getKey()));
                scored.add(new Keyword(e.getKey(), tf * idf));
            }
            scored.sort(Comparator.comparingDouble(Keyword::score).reversed().thenComparing(Keyword::term));
            result.add(List.copyOf(scored.subList(0, Math.min(top, scored.size()))));
        }
        return result;
    }
}
