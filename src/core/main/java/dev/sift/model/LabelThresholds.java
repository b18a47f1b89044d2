package dev.sift.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A multi-label bundle's {@code thresholds}: label → the probability at which a text gets that
 * label. The trainer chooses each on val (the score that maximises the label's F1), since one
 * shared 0.5 under-serves rare labels and over-serves frequent ones.
 *
 * @param byLabel every label of the bundle, in manifest order, with its threshold in [0, 1]
 */
public record LabelThresholds(Map<String, Double> byLabel) {
    /** What a label gets when the manifest names no threshold for it. */
    public static final double DEFAULT = 0.5;

    /**
     * Reads {@code thresholds} of a manifest: an object of label → number in [0, 1]; a label it
     * does not name gets {@value #DEFAULT}, and a name that is not a label is refused (a typo would
     * otherwise silently serve 0.5).
     */
    public static LabelThresholds of(JsonNode node, List<String> labels) {
        Map<String, Double> byLabel = new LinkedHashMap<>();
        labels.forEach(l -> byLabel.put(l, DEFAULT));
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new LabelThresholds(Collections.unmodifiableMap(byLabel));
        }
        if (!node.isObject()) {
            throw new BundleException("manifest.json: 'thresholds' must be an object of label -> number in [0, 1]");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!byLabel.containsKey(entry.getKey())) {
                throw new BundleException("manifest.json: thresholds names '" + entry.getKey()
                        + "', which is not one of the labels " + labels);
            }
            JsonNode value = entry.getValue();
            if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
                throw new BundleException("manifest.json: thresholds." + entry.getKey()
                        + " must be a number in [0, 1], got " + value);
            }
            byLabel.put(entry.getKey(), value.asDouble());
        }
        return new LabelThresholds(Collections.unmodifiableMap(byLabel));
    }

    /** The thresholds in manifest label order. */
    public double[] inLabelOrder() {
        List<Double> values = new ArrayList<>(byLabel.values());
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
