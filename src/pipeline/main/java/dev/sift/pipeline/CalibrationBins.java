package dev.sift.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reliability of the top-label probability: predictions are binned by confidence, and each bin's
 * mean confidence is compared with its accuracy. The expected calibration error is the
 * example-weighted mean gap over the bins.
 */
public final class CalibrationBins {
    private final long[] count;
    private final double[] confidenceSum;
    private final long[] correct;

    public CalibrationBins(int bins) {
        count = new long[bins];
        confidenceSum = new double[bins];
        correct = new long[bins];
    }

    public void add(double confidence, boolean isCorrect) {
        int bin = Math.min(count.length - 1, (int) (confidence * count.length));
        count[bin]++;
        confidenceSum[bin] += confidence;
        if (isCorrect) {
            correct[bin]++;
        }
    }

    public double expectedCalibrationError() {
        long total = 0;
        double gap = 0;
        for (int b = 0; b < count.length; b++) {
            total += count[b];
            if (count[b] > 0) {
                gap += Math.abs((double) correct[b] / count[b] - confidenceSum[b] / count[b]) * count[b];
            }
        }
        return total == 0 ? 0 : gap / total;
    }

    /** Non-empty bins: range, count, mean confidence, accuracy. */
    public List<Map<String, Object>> bins() {
        List<Map<String, Object>> bins = new ArrayList<>();
        for (int b = 0; b < count.length; b++) {
            if (count[b] == 0) {
                continue;
            }
            Map<String, Object> bin = new LinkedHashMap<>();
            bin.put("from", (double) b / count.length);
            bin.put("to", (double) (b + 1) / count.length);
            bin.put("count", count[b]);
            bin.put("confidence", confidenceSum[b] / count[b]);
            bin.put("accuracy", (double) correct[b] / count[b]);
            bins.add(bin);
        }
        return bins;
    }
}
