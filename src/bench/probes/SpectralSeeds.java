package dev.sift.discover;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 12's seed and K sweep (src/bench/results/discover/spectral.md): discover's own classes on vectors
 * dumped by DumpVectors.java. In discover's package (it calls package-private classes), so compiled, not
 * run as a single file:
 * CP="src/pipeline/target/sift-pipeline.jar:$(ls src/pipeline/target/lib/*.jar | tr '\n' ':')"
 * javac -d target/probes -cp "$CP" src/bench/probes/SpectralSeeds.java && java -cp "target/probes:$CP" dev.sift.discover.SpectralSeeds VECTORS.f32
 */
public final class SpectralSeeds {
    public static void main(String[] args) throws Exception {
        FloatBuffer floats = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[0]))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] values = new float[floats.remaining()];
        floats.get(values);
        int n = values.length / 512;
        Embeddings vectors = new Embeddings(values, n, 512);
        List<String> truth = Files.readAllLines(Path.of(args[0] + ".labels")).subList(0, n);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        int[] sample = KMeansClustering.sample(n, SpectralClustering.GRAPH_SAMPLE, 42);
        SpectralClustering.Embedding sweep = SpectralClustering.embed(vectors, sample, 21, 2, 42, new ProgressBar("g", n, "t", quiet));
        System.out.println("eigenvalues " + Arrays.toString(sweep.eigenvalues()));
        for (int k = 4; k <= 14; k++) {
            int[] labels = new int[n];
            int[] sampleLabels = SpectralClustering.cluster(sweep, k, 2, 42, 5);
            for (int i = 0; i < sample.length; i++) {
                labels[sample[i]] = sampleLabels[i];
            }
            System.out.printf("K=%d spectral NMI %.4f ARI %.4f%n", k, ClusterAgreement.of(labels, truth).nmi(), ClusterAgreement.of(labels, truth).ari());
        }
        for (long seed : new long[] {42, 1, 2, 3, 4}) {
            int[] seeded = KMeansClustering.sample(n, SpectralClustering.GRAPH_SAMPLE, seed);
            SpectralClustering.Embedding embedding = SpectralClustering.embed(vectors, seeded, 10, 2, seed, new ProgressBar("g", n, "t", quiet));
            int[] spectral = SpectralClustering.extend(vectors, seeded, SpectralClustering.cluster(embedding, 10, 2, seed, 5), 10, 2,
                    new ProgressBar("g", n, "t", quiet));
            float[][] centres = KMeansClustering.fitBest(vectors, KMeansClustering.sample(n, 20_000, seed), 10, 2, seed, 5);
            int[] kMeans = KMeansClustering.assign(vectors, centres).cluster();
            System.out.printf("seed %d K=10 spectral NMI %.4f | k-means NMI %.4f%n", seed, ClusterAgreement.of(spectral, truth).nmi(),
                    ClusterAgreement.of(kMeans, truth).nmi());
        }
    }
}
