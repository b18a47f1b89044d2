package dev.sift.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Inputs left out of the training set, counted by reason, with the first few of each for the manifest. */
final class SkippedInputs {
    private static final int EXAMPLES_PER_REASON = 5;

    private final Map<String, Integer> counts = new TreeMap<>();
    private final List<Map<String, String>> examples = new ArrayList<>();

    void add(String reason, String where) {
        int seen = counts.merge(reason, 1, Integer::sum);
        if (seen <= EXAMPLES_PER_REASON) {
            Map<String, String> example = new LinkedHashMap<>();
            example.put("reason", reason);
            example.put("input", where);
            examples.add(example);
        }
    }

    int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    int count(String reason) {
        return counts.getOrDefault(reason, 0);
    }

    Map<String, Object> toManifest() {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("count", total());
        manifest.put("byReason", counts);
        manifest.put("examples", examples);
        return manifest;
    }
}
