package dev.sift.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FewShotHeadsTest {
    @Test
    void shouldSeparateWellSeparatedLabels_withARegressionOnRawVectors() {
        float[][] x = SyntheticVectors.around(4, 12, 32, 0.3, 3);
        int[] y = labels(x.length, 4);
        SoftmaxRegression.Head head = SoftmaxRegression.fit(x, y, 4, 0.01);
        float[][] fresh = SyntheticVectors.around(4, 25, 32, 0.3, 4);
        int correct = 0;
        for (int i = 0; i < fresh.length; i++) {
            correct += head.predict(fresh[i]) == i % 4 ? 1 : 0;
        }
        assertTrue(correct >= 95, correct + " of 100 new vectors");
    }

    @Test
    void shouldChoosePrototypesBelowEightPerLabel_andRegressionFromEight() {
        float[][] seven = SyntheticVectors.around(3, 7, 16, 0.3, 5);
        FewShotTrainer.Fitted few = FewShotTrainer.fit(seven, labels(21, 3), 3, 7, FewShotTrainer.HeadChoice.AUTO);
        assertNotNull(few.prototypes());
        assertNull(few.regression());
        float[][] eight = SyntheticVectors.around(3, 8, 16, 0.3, 5);
        FewShotTrainer.Fitted more = FewShotTrainer.fit(eight, labels(24, 3), 3, 8, FewShotTrainer.HeadChoice.AUTO);
        assertNotNull(more.regression());
        assertTrue(more.heldOutAccuracy() > 0.9, "cross-validated accuracy " + more.heldOutAccuracy());
    }

    @Test
    void shouldGiveABiasToTheLabelWhoseExamplesSitFurtherFromTheirPrototype() {
        // label 0 tight around its axis, label 1 loose: held out, label-1 examples score lower against
        // their own prototype, so leave-one-out raises label 1's bias relative to label 0's
        float[][] tight = SyntheticVectors.around(2, 20, 16, 0.05, 6);
        float[][] loose = SyntheticVectors.around(2, 20, 16, 0.6, 7);
        float[][] x = new float[40][];
        int[] y = new int[40];
        for (int i = 0; i < 20; i++) {
            x[i] = tight[2 * i];
            y[i] = 0;
            x[20 + i] = loose[2 * i + 1];
            y[20 + i] = 1;
        }
        PrototypeCalibration.Result p = PrototypeCalibration.fit(x, y, 2);
        assertEquals(40, p.examplesUsed());
        assertTrue(p.bias()[1] > p.bias()[0], "bias " + p.bias()[0] + " vs " + p.bias()[1]);
        assertTrue(p.looAccuracy() >= 0.95, "LOO accuracy " + p.looAccuracy());
    }

    private static int[] labels(int n, int k) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
        }
        return y;
    }
}
