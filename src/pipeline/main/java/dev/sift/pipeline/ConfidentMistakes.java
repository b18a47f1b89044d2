package dev.sift.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The wrong answers the model was surest of: where a person reading an evaluation sees label noise
 * (the data is wrong) and blind spots (the model is), which no aggregate number shows.
 */
final class ConfidentMistakes {
    record Mistake(int row, String text, String gold, String predicted, double score) {
    }

    private final int keep;
    private final PriorityQueue<Mistake> surest = new PriorityQueue<>(Comparator.comparingDouble(Mistake::score));

    ConfidentMistakes(int keep) {
        this.keep = keep;
    }

    /** @param row the CSV row (the header is row 1) */
    void add(int row, String text, String gold, String predicted, double score) {
        surest.add(new Mistake(row, text, gold, predicted, score));
        if (surest.size() > keep) {
            surest.poll();
        }
    }

    /** Most confident first. */
    List<Map<String, Object>> toList() {
        List<Mistake> sorted = new ArrayList<>(surest);
        sorted.sort(Comparator.comparingDouble(Mistake::score).reversed());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Mistake m : sorted) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("row", m.row());
            item.put("text", m.text());
            item.put("label", m.gold());
            item.put("predicted", m.predicted());
            item.put("score", m.score());
            list.add(item);
        }
        return list;
    }
}
