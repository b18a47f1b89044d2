package dev.sift.discover;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.sift.discover.ClassTfIdf.Keyword;

/**
 * Clusters embedded texts and describes each cluster: k-means (a given K, or the K of the best
 * silhouette over a range), class-based TF-IDF keywords, the texts nearest each centre, cohesion.
 */
public final class TopicDiscovery {
    /** Vectors Tribuo fits the final clustering on; the rest are assigned to its centres. */
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

    /** What to do: {@code k} > 0 forces K, otherwise it is chosen in [{@code kMin}, {@code kMax}]. */
    public record Settings(int k, int kMin, int kMax, WordSegmenter segmenter, int draftExamples, int threads) {
    }

    /** One cluster: its texts' indices are those with {@code cluster[i] == id}. */
    public record Cluster(int id, int size, int rows, double cohesion, List<Keyword> keywords, List<Integer> nearest) {
    }

    /** The outcome; indices refer to the distinct texts of the input column. */
    public record Result(int k, Map<Integer, Double> silhouetteByK, int[] cluster, float[] similarity,
            List<Cluster> clusters, int[] mapRows, double[][] mapPoints) {
    }

    private TopicDiscovery() {
    }

    public static Result run(TextColumn input, Embeddings vectors, Settings settings, PrintStream log) {
        int n = vectors.size();
        int k = settings.k();
        Map<Integer, Double> silhouettes = new LinkedHashMap<>();
        if (k <= 0) {
            int kMax = Math.min(settings.kMax(), n - 1);
            if (kMax < settings.kMin()) {
                throw new BadInputException(input.file() + " has " + n + " distinct texts: too few to choose K in ["
                        + settings.kMin() + ", " + settings.kMax() + "]; give K=n with 2 <= n <= " + (n - 1));
            }
            int[] fitSample = KMeansClustering.sample(n, AUTO_FIT_SAMPLE, SEED);
            int[] scoreSample = KMeansClustering.sample(n, SILHOUETTE_SAMPLE, SEED + 1);
            ProgressBar progress = new ProgressBar("choosing K", kMax - settings.kMin() + 1, "values of K", log);
            for (int candidate = settings.kMin(); candidate <= kMax; candidate++) {
                float[][] centres = KMeansClustering.fit(vectors, fitSample, candidate, settings.threads(), SEED);
                int[] assigned = KMeansClustering.assign(vectors, centres).cluster();
                silhouettes.put(candidate, Silhouette.of(vectors, scoreSample, assigned, candidate));
                progress.advance(1);
            }
            progress.finish();
            k = silhouettes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            log.printf("K = %d: the best mean silhouette (cosine distance, %d texts) over K = %d..%d%n", k,
                    scoreSample.length, settings.kMin(), kMax);
        } else if (k < 2 || k > n) {
            throw new BadInputException("K=" + k + " is out of range: it must be between 2 and the number of distinct"
                    + " texts, " + n + " in " + input.file());
        }
        float[][] centres = KMeansClustering.fitBest(vectors, KMeansClustering.sample(n, FIT_SAMPLE, SEED), k,
                settings.threads(), SEED, RESTARTS);
        KMeansClustering.Assignment assignment = KMeansClustering.assign(vectors, centres);
        int[] cluster = assignment.cluster();
        List<List<Keyword>> keywords = ClassTfIdf.keywords(input.texts(), cluster, k, settings.segmenter(), KEYWORDS,
                new ProgressBar("keywords ", n, "texts", log));
        List<Cluster> clusters = describe(input, cluster, assignment.similarity(), k, keywords,
                Math.max(EXAMPLES, settings.draftExamples()));
        int[] mapRows = KMeansClustering.sample(n, 3_000, SEED + 2);
        MapProjection projection = MapProjection.fit(vectors, mapRows);
        double[][] points = new double[mapRows.length][];
        for (int i = 0; i < mapRows.length; i++) {
            points[i] = projection.project(vectors, mapRows[i]);
        }
        return new Result(k, silhouettes, cluster, assignment.similarity(), clusters, mapRows, points);
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
