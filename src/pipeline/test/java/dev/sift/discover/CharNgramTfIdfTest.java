package dev.sift.discover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CharNgramTfIdfTest {
    @Test
    void shouldCutLowerCasedCodePointsWithWhiteSpaceRunsAsOneSpace() {
        assertEquals(List.of("a", "b", " ", "c", "ab", "b ", " c", "ab ", "b c"), CharNgramTfIdf.ngrams("Ab \t\n c"));
        // an emoji outside the Basic Multilingual Plane is one character, not two halves
        assertEquals(List.of("好", "😀", "好😀"), CharNgramTfIdf.ngrams("好😀"));
    }

    @Test
    void shouldWeighRareGramsUp_andGiveUnitRows_asScikitLearnsTfIdfVectorizer() {
        CharNgramTfIdf tfidf = CharNgramTfIdf.fit(List.of("好好", "好差"));
        // grams: 好 (df 2), 差 (df 1), 好好 (1), 好差 (1); sorted: 好, 好好, 好差, 差
        assertEquals(4, tfidf.features());
        CharNgramTfIdf.Row row = tfidf.transform("好好差");
        // 好 twice: (1 + ln 2) * idf(df 2) = 1.693 * 1; 好好 once: 1 * (ln(3/2) + 1); 好差 once; 差 once
        double common = 1 + Math.log(2);
        double rare = Math.log(3.0 / 2) + 1;
        double norm = Math.sqrt(common * common + 3 * rare * rare);
        assertEquals(4, row.index().length);
        assertEquals(common / norm, row.value()[0], 1e-6);
        assertEquals(rare / norm, row.value()[3], 1e-6);
        double squares = 0;
        for (float v : row.value()) {
            squares += v * v;
        }
        assertEquals(1, squares, 1e-6);
    }

    @Test
    void shouldDropGramsOutsideTheVocabulary_andGiveAnEmptyRowForATextWithNone() {
        CharNgramTfIdf tfidf = CharNgramTfIdf.fit(List.of("好"));
        assertEquals(0, tfidf.transform("差评").index().length);
        CharNgramTfIdf.Row row = tfidf.transform("好评");
        assertEquals(1, row.index().length);
        assertEquals(1, row.value()[0], 1e-6);
    }

    @Test
    void shouldAnswerAsScikitLearn_onTheSameTexts() {
        // Reference: scikit-learn 1.2 (Debian), TfidfVectorizer(analyzer="char", ngram_range=(1, 3),
        // sublinear_tf=True) and LogisticRegression(C=10, tol=1e-10) on these nine texts:
        // 设施好 [0.89460, 0.07307, 0.03233]; 房间还行 [0.31916, 0.36079, 0.32005]; ？ [0.43430, 0.47661, 0.08910]
        List<String> texts = List.of("房间很好", "早餐很好", "服务好", "前台好极了", "房间很差", "早餐差", "服务太差", "前台差劲",
                "还行吧");
        int[] y = {0, 0, 0, 0, 1, 1, 1, 1, 2};
        CharNgramTfIdf tfidf = CharNgramTfIdf.fit(texts);
        SparseSoftmaxRegression.Head head = SparseSoftmaxRegression.fit(
                texts.stream().map(tfidf::transform).toArray(CharNgramTfIdf.Row[]::new), y, 3, tfidf.features(), 10);
        assertArrayEquals(new double[] {0.89460, 0.07307, 0.03233}, head.probabilities(tfidf.transform("设施好")), 1e-4);
        assertArrayEquals(new double[] {0.31916, 0.36079, 0.32005}, head.probabilities(tfidf.transform("房间还行")), 1e-4);
        assertArrayEquals(new double[] {0.43430, 0.47661, 0.08910}, head.probabilities(tfidf.transform("？")), 1e-4);
    }

    @Test
    void shouldLearnWhichCharacterMarksALabel_withTheSparseRegression() {
        List<String> texts = List.of("房间很好", "早餐很好", "服务好", "前台好极了", "房间很差", "早餐差", "服务太差", "前台差劲");
        int[] y = {0, 0, 0, 0, 1, 1, 1, 1};
        CharNgramTfIdf tfidf = CharNgramTfIdf.fit(texts);
        SparseSoftmaxRegression.Head head = SparseSoftmaxRegression.fit(
                texts.stream().map(tfidf::transform).toArray(CharNgramTfIdf.Row[]::new), y, 2, tfidf.features(), 10);
        double[] good = head.probabilities(tfidf.transform("设施好"));
        double[] bad = head.probabilities(tfidf.transform("设施差"));
        assertEquals(1, good[0] + good[1], 1e-9);
        assertTrue(good[0] > 0.6, "好 reads as label 0: " + good[0]);
        assertTrue(bad[1] > 0.6, "差 reads as label 1: " + bad[1]);
        // a text with no known gram gets the intercepts alone: balanced labels, about even
        double[] unknown = head.probabilities(tfidf.transform("？"));
        assertEquals(0.5, unknown[0], 0.05);
    }
}
