package dev.sift.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.sift.explain.TextUnits.Unit;
import dev.sift.model.TextClassifier;

/**
 * Explains a prediction by occlusion: remove one unit of the original text ({@link TextUnits}), score
 * the rest, and call the fall in the predicted label's probability the unit's weight. The spans are
 * cut from the string as sent, so their offsets are exact whatever the tokenizer makes of it (NFKC,
 * [UNK], emoji); the model only ever sees whole texts, as it does in {@code classify}.
 *
 * <p>Cost: one model input per unit. A text with more than {@code maxVariants} units has adjacent
 * units merged into {@code maxVariants} windows of as equal a number of units as possible, so a text
 * costs at most {@code maxVariants + 1} inputs whatever its length (a 300-character review has
 * ~170 units: windows of 3–4 units, ~6 characters, at the default {@value #MAX_VARIANTS}). The texts
 * and all their variants go to the classifier in one call, which groups them by length into runs.
 */
public final class OcclusionExplainer {
    public static final String METHOD = "occlusion";
    /**
     * Variants per text: every unit of reviews up to ~85 characters (more than half of htl), and a
     * 300-character review in 48 model inputs (its cost is measured in README, Explanations).
     */
    public static final int MAX_VARIANTS = 48;
    /** The strongest spans each way are listed however small. */
    static final int ALWAYS_LISTED = 3;
    /** Others are listed from this share of the strongest weight's size. */
    static final double LISTED_SHARE = 0.05;

    private final List<String> labels;
    private final Function<List<String>, double[][]> probabilities;
    private final int maxVariants;

    public OcclusionExplainer(TextClassifier classifier) {
        this(classifier.info().labels(), classifier::probabilities, MAX_VARIANTS);
    }

    /**
     * @param labels        the labels, in the order of each probability array
     * @param probabilities texts → probabilities, in input order
     * @param maxVariants   texts scored per explained text besides the text itself
     */
    public OcclusionExplainer(List<String> labels, Function<List<String>, double[][]> probabilities, int maxVariants) {
        if (maxVariants < 1) {
            throw new IllegalArgumentException("maxVariants must be at least 1, got " + maxVariants);
        }
        this.labels = List.copyOf(labels);
        this.probabilities = probabilities;
        this.maxVariants = maxVariants;
    }

    public Explanation explain(String text) {
        return explain(List.of(text)).get(0);
    }

    /** One explanation per text, in input order, each of the text's most probable label. */
    public List<Explanation> explain(List<String> texts) {
        Map<String, Integer> inputs = new LinkedHashMap<>(); // a text scored once however often it recurs
        List<List<Unit>> spans = new ArrayList<>(texts.size());
        List<int[]> rows = new ArrayList<>(texts.size()); // per text: its own row, then each span's variant
        for (String text : texts) {
            List<Unit> units = windows(TextUnits.of(text), maxVariants);
            int[] row = new int[units.size() + 1];
            row[0] = inputs.computeIfAbsent(text, t -> inputs.size());
            for (int i = 0; i < units.size(); i++) {
                row[i + 1] = inputs.computeIfAbsent(without(text, units.get(i)), t -> inputs.size());
            }
            spans.add(units);
            rows.add(row);
        }
        double[][] p = probabilities.apply(List.copyOf(inputs.keySet()));
        List<Explanation> explanations = new ArrayList<>(texts.size());
        for (int t = 0; t < texts.size(); t++) {
            int[] row = rows.get(t);
            double[] original = p[row[0]];
            int label = IntStream.range(0, original.length).reduce((a, b) -> original[b] > original[a] ? b : a).orElseThrow();
            double[] weights = new double[row.length - 1];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = original[label] - p[row[i + 1]][label];
            }
            explanations.add(new Explanation(labels.get(label), METHOD, listed(texts.get(t), spans.get(t), weights)));
        }
        return explanations;
    }

    /** The units, or at most {@code max} windows of adjacent units when there are more. */
    static List<Unit> windows(List<Unit> units, int max) {
        int n = units.size();
        if (n <= max) {
            return units;
        }
        List<Unit> windows = new ArrayList<>(max);
        for (int w = 0; w < max; w++) {
            int first = (int) ((long) w * n / max);
            int last = (int) ((long) (w + 1) * n / max) - 1;
            windows.add(new Unit(units.get(first).start(), units.get(last).end()));
        }
        return windows;
    }

    /**
     * The text without the unit. Two words it separated are kept apart by a space (removing the '-'
     * of "wi-fi" must not make "wifi", a word the text does not have).
     */
    static String without(String text, Unit unit) {
        String before = text.substring(0, unit.start());
        String after = text.substring(unit.end());
        boolean joinsWords = !before.isEmpty() && !after.isEmpty()
                && isWordChar(before.codePointBefore(before.length())) && isWordChar(after.codePointAt(0));
        return joinsWords ? before + " " + after : before + after;
    }

    private static boolean isWordChar(int c) {
        return Character.isLetterOrDigit(c) && !Character.isIdeographic(c);
    }

    /**
     * The spans worth showing: the {@value #ALWAYS_LISTED} strongest each way, and any other whose
     * weight is at least {@value #LISTED_SHARE} of the strongest; a weight of exactly 0 never.
     */
    static List<Span> listed(String text, List<Unit> units, double[] weights) {
        double strongest = 0;
        for (double w : weights) {
            strongest = Math.max(strongest, Math.abs(w));
        }
        boolean[] keep = new boolean[weights.length];
        List<Integer> byWeight = IntStream.range(0, weights.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> weights[i])).toList();
        for (int k = 0; k < Math.min(ALWAYS_LISTED, byWeight.size()); k++) {
            int mostNegative = byWeight.get(k);
            int mostPositive = byWeight.get(byWeight.size() - 1 - k);
            keep[mostNegative] |= weights[mostNegative] < 0;
            keep[mostPositive] |= weights[mostPositive] > 0;
        }
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != 0 && (keep[i] || Math.abs(weights[i]) >= LISTED_SHARE * strongest)) {
                Unit u = units.get(i);
                spans.add(new Span(u.start(), u.end(), text.substring(u.start(), u.end()), weights[i]));
            }
        }
        return spans;
    }
}
