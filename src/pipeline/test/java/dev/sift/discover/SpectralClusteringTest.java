package dev.sift.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.sift.model.VectorMath;

class SpectralClusteringTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void shouldFollowTwoLongNarrowArcs_whereKMeansCutsAcrossThem() {
        Embeddings arcs = twoArcs(150);
        List<String> truth = new ArrayList<>();
        for (int i = 0; i < arcs.size(); i++) {
            truth.add(i % 2 == 0 ? "upper" : "lower");
        }
        int[] all = IntStream.range(0, arcs.size()).toArray();
        SpectralClustering.Embedding embedding = SpectralClustering.embed(arcs, all, 2, 1, 42, bar(all.length));
        int[] spectral = SpectralClustering.cluster(embedding, 2, 1, 42, 3);
        assertEquals(1.0, ClusterAgreement.of(spectral, truth).nmi(), 1e-9);
        float[][] centres = KMeansClustering.fitBest(arcs, all, 2, 1, 42, 3);
        int[] kMeans = KMeansClustering.assign(arcs, centres).cluster();
        assertTrue(ClusterAgreement.of(kMeans, truth).nmi() < 0.2,
                "k-means splits the arcs across their length: NMI " + ClusterAgreement.of(kMeans, truth).nmi());
    }

    @Test
    void shouldComputeEigenvectorsOfTheNormalisedGraph() {
        Embeddings vectors = SyntheticVectors.flat(SyntheticVectors.around(3, 60, 12, 0.9, 5));
        int[] all = IntStream.range(0, vectors.size()).toArray();
        SpectralClustering.Embedding embedding = SpectralClustering.embed(vectors, all, 4, 1, 1, bar(all.length));
        NormalisedGraph graph = NormalisedGraph.of(
                NearestNeighbours.search(vectors, all, all, SpectralClustering.NEIGHBOURS, 1, bar(all.length)), all.length);
        double[] eigenvalues = embedding.eigenvalues();
        assertEquals(1.0, eigenvalues[0], 1e-6, "a connected normalised graph's largest eigenvalue is 1");
        for (int c = 0; c < 4; c++) {
            if (c > 0) {
                assertTrue(eigenvalues[c] <= eigenvalues[c - 1] + 1e-12, "largest first");
            }
            double[] v = new double[all.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = embedding.vectors()[i * 4 + c];
            }
            double[] shifted = new double[v.length];
            graph.multiplyShifted(v, shifted, 1);
            double residual = 0;
            double norm = 0;
            for (int i = 0; i < v.length; i++) {
                double nv = 2 * shifted[i] - v[i]; // N v, from (v + N v) / 2
                residual += Math.pow(nv - eigenvalues[c] * v[i], 2);
                norm += v[i] * v[i];
            }
            assertEquals(1.0, norm, 1e-9, "unit eigenvector " + c);
            assertTrue(Math.sqrt(residual) < 1e-4, "eigenvector " + c + " residual " + Math.sqrt(residual));
        }
    }

    @Test
    void shouldGiveRowsOutsideTheGraphTheClusterOfTheirNearestGraphRows() {
        Embeddings vectors = SyntheticVectors.flat(SyntheticVectors.around(3, 40, 16, 0.2, 9));
        int[] sample = KMeansClustering.sample(vectors.size(), 50, 3);
        int[] sampleCluster = new int[sample.length];
        for (int i = 0; i < sample.length; i++) {
            sampleCluster[i] = (sample[i] % 3 + 1) % 3; // labels need not match group numbers
        }
        int[] cluster = SpectralClustering.extend(vectors, sample, sampleCluster, 3, 2, bar(vectors.size()));
        for (int row = 0; row < vectors.size(); row++) {
            assertEquals((row % 3 + 1) % 3, cluster[row], "row " + row);
        }
    }

    @Test
    void shouldWeighMutualNeighboursTwiceAndNormaliseByDegree() {
        // Four points on a line of angles: 0-1 and 2-3 are mutual nearest neighbours; 1's nearest is 0.
        float[][] x = new float[4][];
        double[] angles = {0, 0.1, 0.5, 0.55};
        for (int i = 0; i < 4; i++) {
            x[i] = new float[] {(float) Math.cos(angles[i]), (float) Math.sin(angles[i])};
        }
        Embeddings vectors = SyntheticVectors.flat(x);
        int[] all = {0, 1, 2, 3};
        NormalisedGraph graph = NormalisedGraph.of(NearestNeighbours.search(vectors, all, all, 1, 1, bar(4)), 4);
        // Degrees: every node has one mutual edge of weight 1, so D = I and the weights stay 1.
        assertEquals(1.0, graph.weight(0, 1), 1e-12);
        assertEquals(1.0, graph.weight(1, 0), 1e-12);
        assertEquals(1.0, graph.weight(2, 3), 1e-12);
        assertEquals(0.0, graph.weight(1, 2), 1e-12);
    }

    /** Two long arcs of a great circle, 0.3 rad apart, points 0.02 rad apart along each; row i on arc i % 2. */
    private static Embeddings twoArcs(int perArc) {
        float[][] x = new float[2 * perArc][];
        for (int i = 0; i < x.length; i++) {
            double angle = 2.0 * (i / 2) / perArc;
            double height = i % 2 == 0 ? 0.15 : -0.15;
            x[i] = new float[] {(float) Math.cos(angle), (float) Math.sin(angle), (float) height};
            VectorMath.normalize(x[i]);
        }
        return SyntheticVectors.flat(x);
    }

    private static ProgressBar bar(int total) {
        return new ProgressBar("test", total, "texts", QUIET);
    }
}
