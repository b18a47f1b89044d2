package dev.sift.review;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Chooses the texts most worth a person's label: uncertain ones, different from each other, and
 * no two the same.
 *
 * <ol>
 * <li><b>No duplicates:</b> texts equal after NFKC and whitespace removal count once.</li>
 * <li><b>Uncertainty:</b> the margin between the two highest calibrated scores; the
 * {@value #SHORTLIST_FACTOR}·n texts with the smallest margins are the shortlist.</li>
 * <li><b>Diversity:</b> greedy k-center over the shortlist's character sketches: start from the most
 * uncertain text, then repeatedly take the one farthest from everything taken, so a burst of
 * near-identical texts yields one label, not fifty. A text whose sketch is within
 * {@value #NEAR_DUPLICATE} of a taken one is a near-duplicate and is never taken.</li>
 * </ol>
 */
public final class ReviewQueue {
    static final int SHORTLIST_FACTOR = 4;
    static final double NEAR_DUPLICATE = 0.02;

    /** One text that could be labelled: its calibrated scores (any order) and its {@code TextSketch}. */
    public record Candidate(String text, double[] scores, float[] sketch) {
    }

    private ReviewQueue() {
    }

    /** Indexes into {@code candidates} of at most {@code n} texts to label, in the order chosen. */
    public static List<Integer> select(List<Candidate> candidates, int n) {
        Set<String> seen = new HashSet<>();
        List<Integer> unique = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (seen.add(normalized(candidates.get(i).text()))) {
                unique.add(i);
            }
        }
        double[] margin = new double[candidates.size()];
        for (int i : unique) {
            margin[i] = margin(candidates.get(i).scores());
        }
        List<Integer> shortlist = unique.stream().sorted(Comparator.comparingDouble((Integer i) -> margin[i]))
                .limit((long) SHORTLIST_FACTOR * n).toList();
        List<Integer> chosen = new ArrayList<>();
        if (shortlist.isEmpty() || n <= 0) {
            return chosen;
        }
        double[] nearest = new double[shortlist.size()];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int next = 0; // the most uncertain
        while (chosen.size() < n) {
            int picked = shortlist.get(next);
            chosen.add(picked);
            nearest[next] = -1; // taken
            float[] sketch = candidates.get(picked).sketch();
            int farthest = -1;
            for (int s = 0; s < shortlist.size(); s++) {
                if (nearest[s] < 0) {
                    continue;
                }
                nearest[s] = Math.min(nearest[s], distance(sketch, candidates.get(shortlist.get(s)).sketch()));
                if (nearest[s] < NEAR_DUPLICATE) {
                    nearest[s] = -1; // a near-duplicate of a taken text: never taken
                    continue;
                }
                if (farthest < 0 || nearest[s] > nearest[farthest]) {
                    farthest = s;
                }
            }
            if (farthest < 0) {
                break;
            }
            next = farthest;
        }
        return chosen;
    }

    /** Top score minus the second: 0 is a coin toss, 1 is certain. */
    static double margin(double[] scores) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n < 2 ? sorted[n - 1] : sorted[n - 1] - sorted[n - 2];
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += (a[d] - b[d]) * (a[d] - b[d]);
        }
        return Math.sqrt(sum);
    }

    static String normalized(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }

    /** The indexes of {@code n} candidates chosen at random: the baseline the queue is measured against. */
    public static List<Integer> random(int size, int n, java.util.Random random) {
        List<Integer> all = new ArrayList<>(IntStream.range(0, size).boxed().toList());
        java.util.Collections.shuffle(all, random);
        return all.subList(0, Math.min(n, size));
    }
}
