package dev.sift.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import dev.sift.explain.Explanation;
import dev.sift.explain.OcclusionExplainer;
import dev.sift.explain.Span;
import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.TextClassifier;

/**
 * {@code make bench-explain}: how faithful and how costly {@code "explain": true} is, on a labelled CSV
 * (htl test) and a bundle, in one process with the serving defaults (intra-op threads = cores).
 * <ol>
 * <li>Faithfulness: per text, delete its 3 strongest spans up (positive weight for the explained,
 *     most probable label) and, separately, 3 random spans of the same lengths (seed 13); count the
 *     texts where the first lowers that label's probability more than the second.</li>
 * <li>Cost: a review of about 50 and one of about 300 characters from the same file, classified
 *     as {@code classify} does without and with explanations, interleaved, after a warm-up: the p50
 *     of each and the difference.</li>
 * </ol>
 *
 * <pre>ExplainBench DATA.csv BUNDLE [SAMPLE]</pre>
 * SAMPLE: that many texts drawn at random (seed 13) instead of all of them.
 */
public final class ExplainBench {
    private static final int TOP = 3;
    private static final int REQUEST = 8; // texts per explain call, as a request may send
    private static final int WARM_UP = 5;
    private static final int REPETITIONS = 30;

    private ExplainBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String bundle = args[1];
        List<String> texts = ClassifyFileBench.readTexts(data, "text");
        int all = texts.size();
        if (args.length > 2) {
            Collections.shuffle(texts = new ArrayList<>(texts), new Random(13));
            texts = texts.subList(0, Math.min(Integer.parseInt(args[2]), all));
        }
        System.out.printf("%s: %d of %d texts; bundle %s; %d cores; load average %s%n", data, texts.size(), all,
                bundle, Runtime.getRuntime().availableProcessors(), loadAverage());
        try (TextClassifier classifier = TextClassifier.load(ModelBundle.load(bundle), InferenceSettings.defaults())) {
            OcclusionExplainer explainer = new OcclusionExplainer(classifier);
            faithfulness(classifier, explainer, texts);
            List<String> everything = ClassifyFileBench.readTexts(data, "text");
            cost(classifier, explainer, closestInLength(everything, 50));
            cost(classifier, explainer, closestInLength(everything, 300));
        }
        System.out.printf("load average after: %s%n", loadAverage());
    }

    private static void faithfulness(TextClassifier classifier, OcclusionExplainer explainer, List<String> texts) {
        List<String> labels = classifier.info().labels();
        Random random = new Random(13);
        int lower = 0;
        int ties = 0;
        int withoutPositive = 0;
        int fewerThanTop = 0;
        double topDrops = 0;
        double randomDrops = 0;
        long start = System.nanoTime();
        for (int from = 0; from < texts.size(); from += REQUEST) {
            List<String> request = texts.subList(from, Math.min(texts.size(), from + REQUEST));
            List<Explanation> explanations = explainer.explain(request);
            List<String> scored = new ArrayList<>();
            for (int i = 0; i < request.size(); i++) {
                String text = request.get(i);
                List<Span> top = explanations.get(i).spans().stream().filter(s -> s.weight() > 0)
                        .sorted(Comparator.comparingDouble(Span::weight).reversed()).limit(TOP).toList();
                fewerThanTop += top.size() < TOP ? 1 : 0;
                scored.add(text);
                scored.add(without(text, top.stream().map(s -> new int[] {s.start(), s.end()}).toList()));
                scored.add(without(text, randomSpans(text, top.stream().mapToInt(s -> s.end() - s.start()).toArray(), random)));
                withoutPositive += top.isEmpty() ? 1 : 0;
            }
            double[][] p = classifier.probabilities(scored);
            for (int i = 0; i < request.size(); i++) {
                int label = labels.indexOf(explanations.get(i).label());
                double original = p[3 * i][label];
                double topDrop = original - p[3 * i + 1][label];
                double randomDrop = original - p[3 * i + 2][label];
                topDrops += topDrop;
                randomDrops += randomDrop;
                lower += topDrop > randomDrop ? 1 : 0;
                ties += topDrop == randomDrop ? 1 : 0;
            }
        }
        int n = texts.size();
        System.out.printf("faithfulness: deleting the top-%d spans lowered the label's probability more than %d random spans "
                + "of the same lengths in %d of %d texts (%.1f%%); ties %d%n", TOP, TOP, lower, n, 100.0 * lower / n, ties);
        System.out.printf("  mean drop: top-%d %.4f, random %.4f; texts with fewer than %d spans up %d (none: %d)%n",
                TOP, topDrops / n, randomDrops / n, TOP, fewerThanTop, withoutPositive);
        System.out.printf("  %.1f s for %d texts (explain + 3 scored texts each)%n", (System.nanoTime() - start) / 1e9, n);
    }

    /** Spans of the given lengths at random places, disjoint, none splitting a surrogate pair; fewer when none fit. */
    static List<int[]> randomSpans(String text, int[] lengths, Random random) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            List<int[]> spans = new ArrayList<>();
            for (int length : lengths) {
                if (length > text.length()) {
                    break;
                }
                int start = random.nextInt(text.length() - length + 1);
                int[] span = {start, start + length};
                if (splitsPair(text, span[0]) || splitsPair(text, span[1])
                        || spans.stream().anyMatch(s -> s[0] < span[1] && span[0] < s[1])) {
                    break;
                }
                spans.add(span);
            }
            if (spans.size() == lengths.length) {
                return spans;
            }
        }
        return List.of();
    }

    private static boolean splitsPair(String text, int index) {
        return index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index));
    }

    static String without(String text, List<int[]> spans) {
        List<int[]> sorted = spans.stream().sorted(Comparator.comparingInt(s -> s[0])).toList();
        StringBuilder rest = new StringBuilder();
        int at = 0;
        for (int[] s : sorted) {
            rest.append(text, at, s[0]);
            at = s[1];
        }
        return rest.append(text, at, text.length()).toString();
    }

    private static String closestInLength(List<String> texts, int length) {
        return texts.stream().min(Comparator.comparingInt((String t) -> Math.abs(t.length() - length))).orElseThrow();
    }

    private static void cost(TextClassifier classifier, OcclusionExplainer explainer, String text) {
        List<String> request = List.of(text);
        int labels = classifier.info().labels().size();
        long[] plain = new long[REPETITIONS];
        long[] explained = new long[REPETITIONS];
        for (int i = 0; i < WARM_UP; i++) {
            classifier.classify(request, labels);
            explainer.explain(request);
        }
        for (int i = 0; i < REPETITIONS; i++) { // interleaved, so both see the same machine
            long start = System.nanoTime();
            classifier.classify(request, labels);
            plain[i] = System.nanoTime() - start;
            start = System.nanoTime();
            classifier.classify(request, labels);
            explainer.explain(request);
            explained[i] = System.nanoTime() - start;
        }
        double p50Plain = median(plain);
        double p50Explained = median(explained);
        System.out.printf("cost, %d-character review (%d spans listed), %d repetitions: classify p50 %.1f ms, "
                + "with explain p50 %.1f ms, added %.1f ms (%.0fx)%n", text.length(),
                explainer.explain(text).spans().size(), REPETITIONS, p50Plain, p50Explained, p50Explained - p50Plain,
                p50Explained / p50Plain);
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return (n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0) / 1e6;
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (Exception e) {
            return "unknown";
        }
    }
}
