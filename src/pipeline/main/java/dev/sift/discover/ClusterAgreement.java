package dev.sift.discover;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well clusters match known labels: normalized mutual information (arithmetic-mean
 * normalisation, scikit-learn's default) and the adjusted Rand index, both from the contingency table.
 */
public record ClusterAgreement(double nmi, double ari) {

    public static ClusterAgreement of(int[] cluster, List<String> labels) {
        Map<String, Integer> labelIds = new HashMap<>();
        int[] label = new int[labels.size()];
        for (int i = 0; i < label.length; i++) {
            label[i] = labelIds.computeIfAbsent(labels.get(i), l -> labelIds.size());
        }
        int k = 0;
        for (int c : cluster) {
            k = Math.max(k, c + 1);
        }
        long[][] table = new long[k][labelIds.size()];
        for (int i = 0; i < label.length; i++) {
            table[cluster[i]][label[i]]++;
        }
        return of(table, label.length);
    }

    static ClusterAgreement of(long[][] table, long n) {
        int rows = table.length;
        int cols = table[0].length;
        long[] a = new long[rows];
        long[] b = new long[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i] += table[i][j];
                b[j] += table[i][j];
            }
        }
        double mi = 0;
        double sumPairs = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                long nij = table[i][j];
                if (nij > 0) {
                    mi += (double) nij / n * Math.log((double) n * nij / ((double) a[i] * b[j]));
                }
                sumPairs += pairs(nij);
            }
        }
        double ha = entropy(a, n);
        double hb = entropy(b, n);
        double nmi = ha + hb == 0 ? 1 : mi / ((ha + hb) / 2);
        double sumA = 0;
        double sumB = 0;
        for (long x : a) {
            sumA += pairs(x);
        }
        for (long x : b) {
            sumB += pairs(x);
        }
        double expected = sumA * sumB / pairs(n);
        double max = (sumA + sumB) / 2;
        double ari = max == expected ? 1 : (sumPairs - expected) / (max - expected);
        return new ClusterAgreement(nmi, ari);
    }

    private static double pairs(long x) {
        return x * (x - 1) / 2.0;
    }

    private static double entropy(long[] counts, long n) {
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}
