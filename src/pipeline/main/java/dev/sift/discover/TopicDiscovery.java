package dev.sift.discover;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.sift.discover.ClassTfIdf.Keyword;
import dev.sift.model.VectorMath;

/**
 * Clusters embedded texts and describes each cluster: spectral clustering or k-means (a given K, or
 * the K of the best silhouette over a range), class-based TF-IDF keywords, the texts nearest each
 * cluster's centre, cohesion.
 */
public final class TopicDiscovery {
    /** Vectors Tribuo fits the final k-means clustering on; the rest are assigned to its centres. */
    static final int FIT_SAMPLE = 20_000;
    /** Vectors each candidate K is fitted on when K is chosen automatically. */
    static final int AUTO_FIT_SAMPLE = 5_000;
    /** Points whose silhouette is averaged (the computation is quadratic in it). */
    static final int SILHOUETTE_SAMPLE = 2_000;
    /** k-means starts of the final clustering; the one with the least cosine distance to its centres wins. */
    static final int RESTARTS = 5;
    static final int EXAMPLES = 5;
    static final int KEYWORDS = 10;
    static final long SEED = 42;

    /** How texts are grouped: see {@link SpectralClustering} for why spectral is the default. */
    public enum Method {
        SPECTRAL, KMEANS
    }

    /** What to do: {@code k} > 0 forces K, otherwise it is chosen in [{@code kMin}, {@code kMax}]. */
    public record Settings(int k, int kMin, int kMax, WordSegmenter segmenter, int draftExamples, int threads,
            Method method) {
    }

    /** One cluster: its texts' indices are those with {@code cluster[i] == id}. */
    public record Cluster(int id, int size, int rows, double cohesion, List<Keyword> keywords, List<Integer> nearest) {
    }

    /**
     * How K was set: given, or chosen by {@code criterion}, which scored each candidate K in
     * {@code scores} (named {@code scoreName}) and took the highest.
     */
    public record KChoice(String criterion, String scoreName, Map<Integer, Double> scores) {
        static KChoice given(int k) {
            return new KChoice("given (K=" + k + ")", null, Map.of());
        }

        public boolean automatic() {
            return !scores.isEmpty();
        }

        int best() {
            return scores.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
    }

    /** A clustering: K, each row's cluster, and how K was set. */
    private record Partition(int k, int[] cluster, KChoice choice) {
    }

    /** The outcome; indices refer to the distinct texts of the input column. */
    public record Result(int k, KChoice kChoice, int[] cluster, float[] similarity,
            List<Cluster> clusters, int[] mapRows, double[][] mapPoints) {
    }

    private TopicDiscovery() {
    }

    public static Result run(TextColumn input, Embeddings vectors, Settings settings, PrintStream log) {
        int n = vectors.size();
        int k = settings.k();
        int kMax = Math.min(settings.kMax(), n - 1);
        if (k <= 0 && kMax < settings.kMin()) {
            throw new BadInputException(input.file() + " has " + n + " distinct texts: too few to choose K in ["
                    + settings.kMin() + ", " + settings.kMax() + "]; give K=n with 2 <= n <= " + (n - 1));
        } else if (k > 0 && (k < 2 || k > n)) {
            throw new BadInputException("K=" + k + " is out of range: it must be between 2 and the number of distinct"
                    + " texts, " + n + " in " + input.file());
        }
        Partition partition = settings.method() == Method.SPECTRAL
                ? spectral(vectors, k, settings.kMin(), kMax, settings.threads(), log)
                : kMeans(vectors, k, settings.kMin(), kMax, settings.threads(), log);
        k = partition.k();
        int[] cluster = partition.cluster();
        float[] similarity = similarityToOwnCentre(vectors, cluster, k);
        List<List<Keyword>> keywords = ClassTfIdf.keywords(input.texts(), cluster, k, settings.segmenter(), KEYWORDS,
                new ProgressBar("keywords ", n, "texts", log));
        List<Cluster> clusters = describe(input, cluster, similarity, k, keywords,
                Math.max(EXAMPLES, settings.draftExamples()));
        int[] mapRows = KMeansClustering.sample(n, 3_000, SEED + 2);
        MapProjection projection = MapProjection.fit(vectors, mapRows);
        double[][] points = new double[mapRows.length][];
        for (int i = 0; i < mapRows.length; i++) {
            points[i] = projection.project(vectors, mapRows[i]);
        }
        return new Result(k, partition.choice(), cluster, similarity, clusters, mapRows, points);
    }

    /**
     * Spectral clustering of a sample of up to {@link SpectralClustering#GRAPH_SAMPLE} rows, the
     * others assigned by their nearest sample rows. K, when not given, is where the graph's
     * eigenvalues drop most (the eigengap heuristic: von Luxburg, "A tutorial on spectral
     * clustering", 2007, section 8.3). The silhouette, which picks K for k-means, measures round
     * clusters and chose K = 4 on shopping10 test (NMI 0.49); the eigengap chose 7 (NMI 0.66).
     */
    private static Partition spectral(Embeddings vectors, int k, int kMin, int kMax, int threads, PrintStream log) {
        int[] sample = KMeansClustering.sample(vectors.size(), SpectralClustering.GRAPH_SAMPLE, SEED);
        // One more eigenvalue than the largest K: the gap after the K-th needs the (K+1)-th.
        SpectralClustering.Embedding embedding = SpectralClustering.embed(vectors, sample, k > 0 ? k : kMax + 1,
                threads, SEED, new ProgressBar("neighbour graph", sample.length, "texts", log));
        KChoice choice = KChoice.given(k);
        if (k <= 0) {
            Map<Integer, Double> gaps = new LinkedHashMap<>();
            double[] eigenvalues = embedding.eigenvalues();
            for (int candidate = kMin; candidate <= kMax; candidate++) {
                gaps.put(candidate, eigenvalues[candidate - 1] - eigenvalues[candidate]);
            }
            choice = new KChoice("the K after which the normalised graph's eigenvalues drop most (eigengap), over K = "
                    + kMin + ".." + kMax, "eigengap", gaps);
            k = choice.best();
            log.printf("K = %d: the largest eigengap of the graph (%.4f) over K = %d..%d%n", k, gaps.get(k), kMin, kMax);
        }
        int[] sampleCluster = SpectralClustering.cluster(embedding, k, threads, SEED, RESTARTS);
        int[] cluster = SpectralClustering.extend(vectors, sample, sampleCluster, k, threads,
                new ProgressBar("assigning", vectors.size() - sample.length, "texts", log));
        return new Partition(k, cluster, choice);
    }

    /** k-means on up to {@link #FIT_SAMPLE} rows, every row assigned to its nearest centre; K by silhouette when not given. */
    private static Partition kMeans(Embeddings vectors, int k, int kMin, int kMax, int threads, PrintStream log) {
        int n = vectors.size();
        KChoice choice = KChoice.given(k);
        if (k <= 0) {
            Map<Integer, Double> silhouettes = new LinkedHashMap<>();
            int[] fitSample = KMeansClustering.sample(n, AUTO_FIT_SAMPLE, SEED);
            int[] scoreSample = KMeansClustering.sample(n, SILHOUETTE_SAMPLE, SEED + 1);
            ProgressBar progress = new ProgressBar("choosing K", kMax - kMin + 1, "values of K", log);
            for (int candidate = kMin; candidate <= kMax; candidate++) {
                float[][] centres = KMeansClustering.fit(vectors, fitSample, candidate, threads, SEED);
                int[] assigned = KMeansClustering.assign(vectors, centres).cluster();
                silhouettes.put(candidate, Silhouette.of(vectors, scoreSample, assigned, candidate));
                progress.advance(1);
            }
            progress.finish();
            choice = new KChoice("the K with the highest mean silhouette (cosine distance) of up to " + SILHOUETTE_SAMPLE
                    + " sampled texts, k-means fitted on up to " + AUTO_FIT_SAMPLE + " sampled texts per K", "silhouette",
                    silhouettes);
            k = choice.best();
            log.printf("K = %d: the best mean silhouette (cosine distance, %d texts) over K = %d..%d%n", k,
                    scoreSample.length, kMin, kMax);
        }
        float[][] centres = KMeansClustering.fitBest(vectors, KMeansClustering.sample(n, FIT_SAMPLE, SEED), k,
                threads, SEED, RESTARTS);
        return new Partition(k, KMeansClustering.assign(vectors, centres).cluster(), choice);
    }

    /**
     * Each row's cosine similarity to the normalised mean of its cluster: what the report calls
     * cohesion and what orders a cluster's examples, the same for either method.
     */
    static float[] similarityToOwnCentre(Embeddings vectors, int[] cluster, int k) {
        float[][] centres = new float[k][vectors.dim()];
        for (int i = 0; i < cluster.length; i++) {
            float[] c = centres[cluster[i]];
            for (int d = 0; d < c.length; d++) {
                c[d] += vectors.get(i, d);
            }
        }
        for (float[] c : centres) {
            VectorMath.normalize(c);
        }
        float[] similarity = new float[cluster.length];
        for (int i = 0; i < cluster.length; i++) {
            similarity[i] = (float) vectors.dot(i, centres[cluster[i]]);
        }
        return similarity;
    }

    private static List<Cluster> describe(TextColumn input, int[] cluster, float[] similarity, int k,
            List<List<Keyword>> keywords, int nearestCount) {
        int[] rows = new int[k];
        for (int t : input.rowText()) {
            if (t >= 0) {
                rows[cluster[t]]++;
            }
        }
        List<Cluster> clusters = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            int id = c;
            int[] members = IntStream.range(0, cluster.length).filter(i -> cluster[i] == id).toArray();
            double cohesion = 0;
            for (int i : members) {
                cohesion += similarity[i];
            }
            List<Integer> nearest = IntStream.of(members).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -similarity[i]).thenComparing(i -> i))
                    .limit(nearestCount).toList();
            clusters.add(new Cluster(c, members.length, rows[c], members.length == 0 ? 0 : cohesion / members.length,
                    keywords.get(c), nearest));
        }
        // Largest first, renumbered, so cluster 0 is always the biggest topic.
        clusters.sort(Comparator.comparingInt(Cluster::size).reversed().thenComparingInt(Cluster::id));
        int[] newId = new int[k];
        List<Cluster> renumbered = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            Cluster c = clusters.get(i);
            newId[c.id()] = i;
            renumbered.add(new Cluster(i, c.size(), c.rows(), c.cohesion(), c.keywords(), c.nearest()));
        }
        for (int i = 0; i < cluster.length; i++) {
            cluster[i] = newId[cluster[i]];
        }
        return renumbered;
    }
}
