package dev.sift.discover;

import java.util.Random;

import dev.sift.model.VectorMath;

/** Unit vectors scattered around a few well-separated directions: clusters whose answer is known. */
final class SyntheticVectors {
    private SyntheticVectors() {
    }

    /** {@code perGroup} vectors around each of {@code groups} orthogonal axes of a {@code dim}-space; row i is in group i % groups. */
    static float[][] around(int groups, int perGroup, int dim, double noise, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[groups * perGroup][dim];
        for (int i = 0; i < x.length; i++) {
            for (int d = 0; d < dim; d++) {
                x[i][d] = (float) (noise * random.nextGaussian());
            }
            x[i][i % groups] += 1;
            VectorMath.normalize(x[i]);
        }
        return x;
    }

    static Embeddings flat(float[][] x) {
        return Embeddings.of(x);
    }
}
