package dev.sift.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.sift.predictions.PredictionRecord;

/**
 * A window of served predictions against the bundle's reference (its held-out data, classified at
 * train time: {@link RecordReference}).
 *
 * <p>Measures: label-share shift (PSI and Jensen–Shannon), the distance between the mean character
 * sketches, text-length shift (PSI over length buckets), the [UNK] rate, mean top score and
 * entropy, abstention rate, and an estimated accuracy.
 *
 * <p>Thresholds are not fixed numbers: each is the 99th percentile of that measure over
 * {@value #BOOTSTRAP} windows of the same size drawn with replacement from the reference, i.e. how
 * far a window of in-distribution texts of this size strays by chance. The window drifts when
 * the sketch distance, the label PSI or the length PSI exceeds its threshold.
 *
 * <p>Estimated accuracy is confidence-based performance estimation in its simplest form (average
 * confidence): with calibrated scores, the expected accuracy of a set of answers is the mean of
 * their top scores. It holds while the model stays calibrated on the new texts, which drift can
 * break; read it with the drift measures, not instead of them.
 */
public final class DriftReport {
    static final int BOOTSTRAP = 400;
    private static final double PERCENTILE = 0.99;

    private DriftReport() {
    }

    public static Map<String, Object> compare(List<PredictionRecord> window, List<PredictionRecord> reference, long seed) {
        TrafficProfile ref = TrafficProfile.of(reference);
        TrafficProfile now = TrafficProfile.of(window);
        List<String> labels = new ArrayList<>(new TreeSet<>(ref.labelShares().keySet()));
        now.labelShares().keySet().stream().filter(l -> !labels.contains(l)).forEach(labels::add);
        Measures measured = Measures.of(now, ref, labels);
        Measures threshold = thresholds(reference, ref, labels, window.size(), seed);

        List<String> reasons = new ArrayList<>();
        if (measured.sketchDistance > threshold.sketchDistance) {
            reasons.add(String.format(java.util.Locale.ROOT, "the texts' character sketch moved %.4f from the reference "
                    + "(threshold %.4f)", measured.sketchDistance, threshold.sketchDistance));
        }
        if (measured.labelPsi > threshold.labelPsi) {
            reasons.add(String.format(java.util.Locale.ROOT, "the label mix shifted: PSI %.4f (threshold %.4f)",
                    measured.labelPsi, threshold.labelPsi));
        }
        if (measured.lengthPsi > threshold.lengthPsi) {
            reasons.add(String.format(java.util.Locale.ROOT, "text lengths shifted: PSI %.4f (threshold %.4f)",
                    measured.lengthPsi, threshold.lengthPsi));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("drift", !reasons.isEmpty());
        report.put("reasons", reasons);
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("sketchDistance", measured.sketchDistance);
        measures.put("sketchDistanceThreshold", threshold.sketchDistance);
        measures.put("labelPsi", measured.labelPsi);
        measures.put("labelPsiThreshold", threshold.labelPsi);
        measures.put("labelJensenShannon", measured.labelJs);
        measures.put("lengthPsi", measured.lengthPsi);
        measures.put("lengthPsiThreshold", threshold.lengthPsi);
        measures.put("estimatedAccuracy", now.meanTopScore());
        measures.put("referenceEstimatedAccuracy", ref.meanTopScore());
        measures.put("meanEntropy", now.meanEntropy());
        measures.put("referenceMeanEntropy", ref.meanEntropy());
        measures.put("abstentionRate", now.abstentionRate());
        measures.put("referenceAbstentionRate", ref.abstentionRate());
        measures.put("unknownRate", now.meanUnknownRate());
        measures.put("referenceUnknownRate", ref.meanUnknownRate());
        measures.put("bootstrap", Map.of("windows", BOOTSTRAP, "percentile", PERCENTILE, "windowSize", window.size()));
        report.put("measures", measures);
        report.put("window", now.toMap());
        report.put("reference", ref.toMap());
        report.put("daily", daily(window, reference, ref, labels, seed));
        return report;
    }

    /** One point per UTC day of the window: the time series the report plots. */
    static List<Map<String, Object>> daily(List<PredictionRecord> window, List<PredictionRecord> reference,
            TrafficProfile ref, List<String> labels, long seed) {
        Map<String, List<PredictionRecord>> byDay = new TreeMap<>();
        for (PredictionRecord r : window) {
            byDay.computeIfAbsent(r.time().toString().substring(0, 10), d -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> days = new ArrayList<>();
        byDay.forEach((day, records) -> {
            TrafficProfile p = TrafficProfile.of(records);
            Measures m = Measures.of(p, ref, labels);
            Measures threshold = thresholds(reference, ref, labels, records.size(), seed);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("date", day);
            point.put("records", records.size());
            point.put("sketchDistance", m.sketchDistance);
            point.put("sketchDistanceThreshold", threshold.sketchDistance);
            point.put("labelPsi", m.labelPsi);
            point.put("labelPsiThreshold", threshold.labelPsi);
            point.put("drift", m.sketchDistance > threshold.sketchDistance || m.labelPsi > threshold.labelPsi
                    || m.lengthPsi > threshold.lengthPsi);
            point.put("estimatedAccuracy", p.meanTopScore());
            point.put("abstentionRate", p.abstentionRate());
            point.put("labelShares", p.labelShares());
            days.add(point);
        });
        return days;
    }

    private static Measures thresholds(List<PredictionRecord> reference, TrafficProfile ref, List<String> labels,
            int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] sketch = new double[BOOTSTRAP];
        double[] labelPsi = new double[BOOTSTRAP];
        double[] lengthPsi = new double[BOOTSTRAP];
        List<PredictionRecord> sample = new ArrayList<>(size);
        for (int b = 0; b < BOOTSTRAP; b++) {
            sample.clear();
            for (int i = 0; i < size; i++) {
                sample.add(reference.get(random.nextInt(reference.size())));
            }
            Measures m = Measures.of(TrafficProfile.of(sample), ref, labels);
            sketch[b] = m.sketchDistance;
            labelPsi[b] = m.labelPsi;
            lengthPsi[b] = m.lengthPsi;
        }
        return new Measures(percentile(sketch), percentile(labelPsi), 0, percentile(lengthPsi));
    }

    private static double percentile(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(PERCENTILE * sorted.length) - 1];
    }

    private record Measures(double sketchDistance, double labelPsi, double labelJs, double lengthPsi) {
        static Measures of(TrafficProfile now, TrafficProfile ref, List<String> labels) {
            double[] p = now.shares(labels);
            double[] q = ref.shares(labels);
            return new Measures(Divergence.distance(now.sketchMean(), ref.sketchMean()), Divergence.psi(p, q),
                    Divergence.jensenShannon(p, q), Divergence.psi(now.lengthShares(), ref.lengthShares()));
        }
    }
}
