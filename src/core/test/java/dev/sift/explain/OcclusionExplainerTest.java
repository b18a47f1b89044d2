package dev.sift.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sift.model.ModelBundle;
import dev.sift.model.TestBundles;
import dev.sift.model.TextClassifier;

/** Occlusion on the tiny bundle, whose answer per word is known: 很好 positive, 很差 negative, 一般 neutral. */
class OcclusionExplainerTest {
    private static TextClassifier classifier;
    private static OcclusionExplainer explainer;

    @BeforeAll
    static void load() {
        classifier = TextClassifier.load(ModelBundle.load("classpath:" + TestBundles.TINY), TestBundles.oneThread());
        explainer = new OcclusionExplainer(classifier);
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    private static Span strongest(Explanation e) {
        return e.spans().stream().max(Comparator.comparingDouble(Span::weight)).orElseThrow();
    }

    private static Span weakest(Explanation e) {
        return e.spans().stream().min(Comparator.comparingDouble(Span::weight)).orElseThrow();
    }

    @Test
    void weighsTheWordThatCarriesTheLabelHighestAndTheOneAgainstItBelowZero() {
        String text = "服务很好很好，房间很差";
        Explanation e = explainer.explain(text);
        assertEquals("positive", e.label());
        assertEquals("occlusion", e.method());
        assertEquals("很好", strongest(e).text());
        Span against = weakest(e);
        assertEquals(new Span(9, 11, "很差", against.weight()), against);
        assertTrue(against.weight() < 0, e.toString());
    }

    @Test
    void explainsTheMostProbableLabelOfEachText() {
        List<Explanation> e = explainer.explain(List.of("很差", "一般", "很好"));
        assertEquals(List.of("negative", "neutral", "positive"), e.stream().map(Explanation::label).toList());
        assertEquals(List.of("很差", "一般", "很好"), e.stream().map(x -> strongest(x).text()).toList());
        e.forEach(x -> assertTrue(strongest(x).weight() > 0.3, x.toString()));
    }

    @Test
    void aWeightIsTheFallInTheLabelsProbabilityWithoutTheSpan() {
        String text = "服务很好，房间一般";
        Explanation e = explainer.explain(text);
        assertEquals("neutral", e.label(), "好 and 般 pull equally; the bias tips it to neutral");
        int neutral = classifier.info().labels().indexOf("neutral");
        double[][] p = classifier.probabilities(List.of(text, "服务，房间一般", "服务很好，房间"));
        Map<String, Double> weights = e.spans().stream().collect(Collectors.toMap(Span::text, Span::weight));
        assertEquals(p[0][neutral] - p[1][neutral], weights.get("很好"), 1e-6);
        assertEquals(p[0][neutral] - p[2][neutral], weights.get("一般"), 1e-6);
        assertTrue(weights.get("很好") < 0 && weights.get("一般") > 0, weights.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "ＨＥＬＬＯ很好", // NFKC + lower case make it the vocabulary's "hello"
            "房间很好１２３ｘ", "👨‍👩‍👧很好😊😊", "👍🏽很差，🇨🇳服务一般", "𠮷很好啊呀", // [UNK]: the tiny vocabulary has none of these
            "很好 hello-hellos café\u200B很差", "\uD83D很好", // a lone surrogate, as a JSON \\ud83d escape can send
    })
    void offsetsIndexTheTextAsSentWhateverTheTokenizerMakesOfIt(String text) {
        Explanation e = explainer.explain(text);
        assertFalse(e.spans().isEmpty(), text);
        int previousEnd = 0;
        for (Span s : e.spans()) {
            assertEquals(text.substring(s.start(), s.end()), s.text(), text);
            assertTrue(s.start() >= previousEnd && s.end() > s.start(), "sorted and disjoint: " + e.spans());
            assertFalse(Character.isLowSurrogate(text.charAt(s.start())), "starts inside a surrogate pair: " + s);
            assertTrue(s.end() == text.length() || !Character.isLowSurrogate(text.charAt(s.end())), s.toString());
            assertTrue(s.weight() != 0, s.toString());
            previousEnd = s.end();
        }
        Span strongest = strongest(e);
        assertTrue(strongest.text().matches(".*[好差般].*"), e.toString());
    }

    @Test
    void findsTheWordBetweenEmojiAndFullWidthText() {
        String text = "👨‍👩‍👧ＡＢＣ很差😊";
        Span s = strongest(explainer.explain(text));
        assertEquals(new Span(11, 13, "很差", s.weight()), s);
        assertEquals("negative", explainer.explain(text).label());
    }

    @Test
    void aSpanTheModelNeverSeesIsNotListed() {
        // the tiny bundle reads 14 tokens after [CLS]; the tail beyond them changes no input the model sees
        String text = "很好一般" + "房间".repeat(10) + "很差很差很差";
        Explanation e = explainer.explain(text);
        assertTrue(e.spans().stream().noneMatch(s -> s.start() >= 14), e.toString());
    }

    @Test
    void boundsTheModelInputsPerTextByMergingAdjacentUnitsIntoWindows() {
        StringBuilder b = new StringBuilder();
        while (b.length() < 300) {
            b.append("房间很好，服务一般，早餐很差。");
        }
        String text = b.toString();
        List<Integer> calls = new ArrayList<>();
        OcclusionExplainer counted = new OcclusionExplainer(classifier.info().labels(), texts -> {
            calls.add(texts.size());
            return classifier.probabilities(texts);
        }, OcclusionExplainer.MAX_VARIANTS);
        Explanation e = counted.explain(text);
        assertEquals(1, calls.size());
        assertTrue(calls.get(0) <= OcclusionExplainer.MAX_VARIANTS + 1, calls.toString());
        assertTrue(e.spans().size() <= OcclusionExplainer.MAX_VARIANTS);
        e.spans().forEach(s -> assertEquals(text.substring(s.start(), s.end()), s.text()));
        assertTrue(e.spans().stream().anyMatch(s -> s.end() - s.start() > 2), "windows: " + e.spans());
    }

    @Test
    void windowsCoverTheUnitsInOrderWithNearlyEqualCounts() {
        List<TextUnits.Unit> units = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            units.add(new TextUnits.Unit(2 * i, 2 * i + 1));
        }
        assertEquals(units, OcclusionExplainer.windows(units, 10));
        // 10 units in 4 windows: 2, 3, 2, 3 units
        assertEquals(List.of(new TextUnits.Unit(0, 3), new TextUnits.Unit(4, 9), new TextUnits.Unit(10, 13),
                new TextUnits.Unit(14, 19)), OcclusionExplainer.windows(units, 4));
    }

    @Test
    void scoresEveryTextAndVariantOfARequestInOneCallAndEachTextAsIfAlone() {
        List<String> texts = List.of("服务很好，房间一般", "很差", "服务很好，房间一般");
        List<Integer> calls = new ArrayList<>();
        OcclusionExplainer counted = new OcclusionExplainer(classifier.info().labels(), t -> {
            calls.add(t.size());
            return classifier.probabilities(t);
        }, OcclusionExplainer.MAX_VARIANTS);
        List<Explanation> together = counted.explain(texts);
        assertEquals(1, calls.size());
        assertEquals(1 + 5 + 1 + 1, calls.get(0), "a repeated text or variant is scored once");
        for (int i = 0; i < texts.size(); i++) {
            Explanation alone = explainer.explain(texts.get(i));
            assertEquals(alone.spans().size(), together.get(i).spans().size());
            for (int s = 0; s < alone.spans().size(); s++) {
                assertEquals(alone.spans().get(s).weight(), together.get(i).spans().get(s).weight(), 1e-6);
            }
        }
    }

    @Test
    void listsTheStrongestEachWayAndLeavesOutNegligibleAndZeroWeights() {
        String text = "abcdefghij";
        List<TextUnits.Unit> units = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            units.add(new TextUnits.Unit(i, i + 1));
        }
        // a and j over 5% of the strongest; b, the third positive; g h i, the three negatives
        double[] weights = {0.5, 0.001, 0.0002, 0.0001, 0, -0.0001, -0.0002, -0.0003, -0.0004, 0.03};
        assertEquals("a b g h i j", OcclusionExplainer.listed(text, units, weights).stream()
                .map(Span::text).collect(Collectors.joining(" ")));
    }

    @Test
    void keepsWordsTheRemovalWouldJoinApart() {
        assertEquals("wi fi", OcclusionExplainer.without("wi-fi", new TextUnits.Unit(2, 3)));
        assertEquals("很好", OcclusionExplainer.without("很-好", new TextUnits.Unit(1, 2)));
        assertEquals("ok 好", OcclusionExplainer.without("ok 很好", new TextUnits.Unit(3, 4)));
    }
}
