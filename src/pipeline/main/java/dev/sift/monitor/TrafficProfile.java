package dev.sift.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.sift.predictions.PredictionRecord;
import dev.sift.text.TextSketch;

/**
 * What a set of served predictions looks like, without their texts: the answered label mix, how
 * sure the model was, how often it abstained, how long the texts were, how many word pieces it did
 * not know, and where their character sketches sit. A window of the prediction log and the
 * bundle's reference (its held-out data, classified at train time) are both described this way, so
 * {@link DriftReport} compares like with like.
 *
 * @param labelShares   answered label → share of the non-abstained texts; a multi-label
 *                      record counts each label of its set
 * @param lengthShares  share of texts per length bucket ({@link #LENGTH_BUCKETS})
 * @param meanTopScore  the mean top probability: with calibrated scores, an estimate of accuracy
 *                      (confidence-based performance estimation, see {@link DriftReport})
 * @param meanEntropy   the mean entropy (nats) of the answered scores, renormalised
 * @param sketchMean    the mean {@link TextSketch}
 */
public record TrafficProfile(int records, Map<String, Double> labelShares, double[] lengthShares, double meanTopScore,
        double meanEntropy, double abstentionRate, double meanUnknownRate, double[] sketchMean) {

    /** Upper bounds (exclusive) of the length buckets in characters; the last bucket is open. */
    public static final int[] LENGTH_BUCKETS = {16, 32, 64, 128, 256, 512};

    public static TrafficProfile of(List<PredictionRecord> records) {
        Map<String, Double> labels = new TreeMap<>();
        double[] lengths = new double[LENGTH_BUCKETS.length + 1];
        double top = 0;
        double entropy = 0;
        double unknown = 0;
        int abstained = 0;
        double[] sketch = new double[TextSketch.DIMENSIONS];
        double labelled = 0;
        for (PredictionRecord r : records) {
            List<String> given = r.labels() != null ? r.labels() : r.label() != null ? List.of(r.label()) : List.of();
            for (String label : given) {
                labels.merge(label, 1.0, Double::sum);
                labelled++;
            }
            abstained += r.abstained() ? 1 : 0;
            lengths[bucket(r.chars())]++;
            top += r.scores().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            entropy += entropy(r.scores().values());
            unknown += r.unknownRate();
            for (int d = 0; d < sketch.length && d < r.sketch().length; d++) {
                sketch[d] += r.sketch()[d];
            }
        }
        int n = Math.max(1, records.size());
        double total = Math.max(1, labelled);
        labels.replaceAll((label, count) -> count / total);
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] /= n;
        }
        for (int d = 0; d < sketch.length; d++) {
            sketch[d] /= n;
        }
        return new TrafficProfile(records.size(), labels, lengths, top / n, entropy / n, (double) abstained / n,
                unknown / n, sketch);
    }

    static int bucket(int chars) {
        for (int b = 0; b < LENGTH_BUCKETS.length; b++) {
            if (chars < LENGTH_BUCKETS[b]) {
                return b;
            }
        }
        return LENGTH_BUCKETS.length;
    }

    private static double entropy(java.util.Collection<Double> scores) {
        double sum = scores.stream().mapToDouble(Double::doubleValue).sum();
        double h = 0;
        for (double p : scores) {
            double q = p / sum;
            if (q > 0) {
                h -= q * Math.log(q);
            }
        }
        return h;
    }

    /** The label shares over {@code labels} (a label never answered has share 0), in that order. */
    double[] shares(List<String> labels) {
        double[] shares = new double[labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            shares[i] = labelShares.getOrDefault(labels.get(i), 0.0);
        }
        return shares;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("records", records);
        map.put("labelShares", labelShares);
        map.put("lengthShares", list(lengthShares));
        map.put("meanTopScore", meanTopScore);
        map.put("meanEntropy", meanEntropy);
        map.put("abstentionRate", abstentionRate);
        map.put("meanUnknownRate", meanUnknownRate);
        map.put("sketchMean", list(sketchMean));
        return map;
    }

    private static List<Double> list(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }
}
