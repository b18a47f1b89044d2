package dev.sift.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teaching a few-shot head with unlabeled texts, on data whose answer is known: three labels whose
 * vectors overlap (noisy directions) while each text carries its label's marker character among
 * neutral ones, so the bag-of-words view reads the pool better than four examples' vectors can.
 * Seeded throughout, so each assertion's margin is fixed.
 */
class PoolTeachingTest {
    private static final int LABELS = 3;
    private static final String MARKERS = "甲乙丙";
    private static final String NEUTRAL = "的了是在有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同";

    @TempDir
    Path dir;

    @Test
    void shouldLabelThePoolMostlyRight_andServeAHeadBetterThanTheExamplesAlone() {
        // when written: 365 of 450 pool texts taught right (the vectors' view alone: 316, the words' 393,
        // but the vectors' is the more confident; 353 without the neighbours); on fresh vectors 76.3%
        // against 65.7%
        Known k = Known.make();
        PoolTeaching.Result taught = PoolTeaching.fit(k.texts, k.x, k.y, LABELS, k.poolTexts, k.poolX,
                quiet(k.poolX.length));
        int right = right(taught.pseudoLabels(), k.poolTruth);
        assertTrue(right >= 0.75 * k.poolTruth.length, right + " of " + k.poolTruth.length + " pool texts taught right");
        assertNull(taught.fitted().prototypes(), "the served head is a regression");

        FewShotTrainer.Fitted alone = FewShotTrainer.fit(k.x, k.y, LABELS, 4, FewShotTrainer.HeadChoice.AUTO);
        float[][] fresh = SyntheticVectors.around(LABELS, 200, 24, 0.5, 25);
        int[] freshY = labels(fresh.length);
        double taughtAccuracy = accuracy(taught.fitted(), fresh, freshY);
        double aloneAccuracy = accuracy(alone, fresh, freshY);
        assertTrue(taughtAccuracy > aloneAccuracy + 0.03,
                "taught by the pool " + taughtAccuracy + " vs the examples alone " + aloneAccuracy);
        double heldOut = taught.fitted().heldOutAccuracy();
        assertTrue(heldOut >= 0 && heldOut <= 1, "held-out " + heldOut);
        assertTrue(taught.fitted().heldOutMethod().startsWith("4-fold"), taught.fitted().heldOutMethod());
    }

    @Test
    void shouldTeachMorePoolTextsRight_withTheirNeighboursThanWithout() {
        Known k = Known.make();
        int alone = right(PoolTeaching.teach(k.texts, k.x, k.y, LABELS, k.poolTexts, k.poolX, null).pseudoLabels(),
                k.poolTruth);
        int withNeighbours = right(PoolTeaching.teach(k.texts, k.x, k.y, LABELS, k.poolTexts, k.poolX,
                PoolTeaching.neighbours(k.poolX, quiet(k.poolX.length))).pseudoLabels(), k.poolTruth);
        assertTrue(withNeighbours > alone + 10, withNeighbours + " vs " + alone + " of 450 taught right");
    }

    @Test
    void shouldHaveNoHeldOutEstimate_whenALabelHasOneExample() {
        float[][] x = SyntheticVectors.around(LABELS, 1, 24, 0.3, 31);
        int[] y = labels(x.length);
        float[][] poolX = SyntheticVectors.around(LABELS, 20, 24, 0.3, 32);
        PoolTeaching.Result taught = PoolTeaching.fit(texts(y, 33), x, y, LABELS, texts(labels(poolX.length), 34), poolX,
                quiet(poolX.length));
        assertTrue(Double.isNaN(taught.fitted().heldOutAccuracy()));
        assertEquals(60, taught.pseudoLabels().length);
    }

    @Test
    void shouldLeaveTheExamplesOutOfThePool_andSampleItWithASeed() throws Exception {
        StringBuilder csv = new StringBuilder("text\n");
        for (int i = 0; i < 50; i++) {
            csv.append("评论").append(i).append('\n');
        }
        csv.append("\n评论3\n");
        Path file = dir.resolve("pool.csv");
        Files.writeString(file, csv);
        UnlabeledPool all = UnlabeledPool.read(file, "text", 100, Set.of("评论0", "评论1"));
        assertEquals(48, all.texts().size());
        assertEquals(50, all.distinct());
        assertEquals(2, all.examples());
        assertEquals(1, all.blankRows());
        assertEquals(1, all.duplicateRows());
        UnlabeledPool sample = UnlabeledPool.read(file, "text", 10, Set.of("评论0", "评论1"));
        assertEquals(10, sample.texts().size());
        assertEquals(sample.texts(), UnlabeledPool.read(file, "text", 10, Set.of("评论0", "评论1")).texts());
        assertTrue(all.texts().containsAll(sample.texts()));
        assertTrue(sample.describe().contains("a seeded sample"), sample.describe());
    }

    /** Four examples per label and a pool of 150 per label, vectors and texts, with the pool's true labels. */
    private record Known(float[][] x, int[] y, List<String> texts, float[][] poolX, int[] poolTruth,
            List<String> poolTexts) {
        static Known make() {
            float[][] x = SyntheticVectors.around(LABELS, 4, 24, 0.5, 21);
            int[] y = labels(x.length);
            float[][] poolX = SyntheticVectors.around(LABELS, 150, 24, 0.5, 23);
            int[] poolTruth = labels(poolX.length);
            return new Known(x, y, PoolTeachingTest.texts(y, 22), poolX, poolTruth, PoolTeachingTest.texts(poolTruth, 24));
        }
    }

    private static int right(int[] taught, int[] truth) {
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += taught[i] == truth[i] ? 1 : 0;
        }
        return right;
    }

    private static ProgressBar quiet(int total) {
        return new ProgressBar("neighbours", total, "texts", new PrintStream(OutputStream.nullOutputStream()));
    }

    private static int[] labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % LABELS;
        }
        return y;
    }

    /** The label's marker, then three neutral characters. */
    private static List<String> texts(int[] y, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            StringBuilder t = new StringBuilder().append(MARKERS.charAt(y[i]));
            for (int k = 0; k < 3; k++) {
                t.append(NEUTRAL.charAt(random.nextInt(NEUTRAL.length())));
            }
            texts.add(t.toString());
        }
        return texts;
    }

    private static double accuracy(FewShotTrainer.Fitted head, float[][] x, int[] y) {
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            correct += head.predict(x[i]) == y[i] ? 1 : 0;
        }
        return (double) correct / x.length;
    }
}
