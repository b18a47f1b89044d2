package dev.sift.discover;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The labelled examples a few-shot bundle is built from: those of labels.json, plus the rows of an
 * optional labelled CSV whose label is one of labels.json's. A text is kept once per label; a
 * text given under two labels is refused, since no classifier can learn both.
 *
 * @param labels      label names, labels.json order
 * @param texts       the distinct example texts
 * @param label       index into {@code labels} of each text
 * @param blankRows   CSV rows with an empty text, skipped
 * @param duplicates  examples given again for the same label, counted once
 */
public record FewShotExamples(List<String> labels, List<String> texts, int[] label, int blankRows, int duplicates) {

    public static FewShotExamples of(LabelSet set, Path csv, String labelColumn, String textColumn) {
        Map<String, Set<String>> byLabel = new LinkedHashMap<>();
        Map<String, String> labelOf = new HashMap<>();
        int duplicates = 0;
        for (LabelSet.Label l : set.labels()) {
            byLabel.put(l.name(), new LinkedHashSet<>());
        }
        for (LabelSet.Label l : set.labels()) {
            for (String text : l.examples()) {
                duplicates += add(byLabel, labelOf, l.name(), text, "labels.json label '" + l.name() + "'") ? 0 : 1;
            }
        }
        int blank = 0;
        if (csv != null) {
            List<List<String>> records = TextColumn.records(csv);
            if (records.size() < 2) {
                throw new BadInputException(csv + " has no rows: expected a header (" + labelColumn + "," + textColumn
                        + ") and one labelled text per row");
            }
            List<String> header = records.get(0);
            int li = header.indexOf(labelColumn);
            int ti = header.indexOf(textColumn);
            if (li < 0 || ti < 0) {
                throw new BadInputException(csv + ": no column '" + (li < 0 ? labelColumn : textColumn)
                        + "' in the header " + header);
            }
            for (int r = 1; r < records.size(); r++) {
                List<String> record = records.get(r);
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue; // an empty line
                }
                if (record.size() <= Math.max(li, ti)) {
                    throw new BadInputException(csv + ": row " + r + " has " + record.size() + " fields; the header has "
                            + header.size());
                }
                String name = record.get(li);
                String text = record.get(ti);
                if (text.isBlank()) {
                    blank++;
                    continue;
                }
                if (!byLabel.containsKey(name)) {
                    throw new BadInputException(csv + ": row " + r + ", field '" + labelColumn + "': label '" + name
                            + "' is not in labels.json " + byLabel.keySet());
                }
                duplicates += add(byLabel, labelOf, name, text, csv + " row " + r) ? 0 : 1;
            }
        }
        List<String> labels = new ArrayList<>(byLabel.keySet());
        List<String> texts = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int l = 0; l < labels.size(); l++) {
            for (String text : byLabel.get(labels.get(l))) {
                texts.add(text);
                index.add(l);
            }
        }
        return new FewShotExamples(List.copyOf(labels), List.copyOf(texts),
                index.stream().mapToInt(Integer::intValue).toArray(), blank, duplicates);
    }

    private static boolean add(Map<String, Set<String>> byLabel, Map<String, String> labelOf, String label, String text,
            String where) {
        String earlier = labelOf.putIfAbsent(text, label);
        if (earlier != null && !earlier.equals(label)) {
            throw new BadInputException(where + ": the text '" + abbreviate(text) + "' is already an example of label '"
                    + earlier + "'; a text can teach only one label");
        }
        return byLabel.get(label).add(text);
    }

    /** Examples of the label with the fewest. */
    public int fewestPerLabel() {
        int[] count = new int[labels.size()];
        for (int l : label) {
            count[l]++;
        }
        return java.util.Arrays.stream(count).min().orElse(0);
    }

    public List<String> examplesOf(int l) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (label[i] == l) {
                out.add(texts.get(i));
            }
        }
        return out;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
