package dev.sift.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix of predictions
 * against gold labels. Labels outside the known list count as errors in their gold row.
 */
public final class ClassificationMetrics {
    private final List<String> labels;
    private final long[][] confusion; // [gold][predicted]
    private long total;
    private long correct;

    public ClassificationMetrics(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.confusion = new long[labels.size()][labels.size()];
    }

    public void add(String gold, String predicted) {
        int g = labels.indexOf(gold);
        int p = labels.indexOf(predicted);
        if (g < 0) {
            throw new IllegalArgumentException("gold label '" + gold + "' is not one of " + labels);
        }
        total++;
        if (p >= 0) {
            confusion[g][p]++;
        }
        if (g == p) {
            correct++;
        }
    }

    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    public double macroF1() {
        double sum = 0;
        for (int l = 0; l < labels.size(); l++) {
            sum += f1(l);
        }
        return sum / labels.size();
    }

    public double precision(int l) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[l];
        }
        return predicted == 0 ? 0 : (double) confusion[l][l] / predicted;
    }

    public double recall(int l) {
        long gold = 0;
        for (long n : confusion[l]) {
            gold += n;
        }
        return gold == 0 ? 0 : (double) confusion[l][l] / gold;
    }

    public double f1(int l) {
        double p = precision(l);
        double r = recall(l);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public long total() {
        return total;
    }

    public long[][] confusion() {
        return confusion;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int l = 0; l < labels.size(); l++) {
            perClass.put(labels.get(l), Map.of("precision", precision(l), "recall", recall(l), "f1", f1(l)));
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("accuracy", accuracy());
        map.put("macroF1", macroF1());
        map.put("examples", total);
        map.put("labels", labels);
        map.put("perClass", perClass);
        map.put("confusion", confusion);
        return map;
    }
}
