package dev.sift.discover;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * For each query row, the {@code count} most similar rows of a reference set (cosine, by brute
 * force: every query against every reference row). Stored flat, {@code count} entries per query,
 * most similar first, as positions in the reference array.
 */
final class NearestNeighbours {
    /** Queries searched between two progress updates. */
    private static final int BLOCK = 256;
    /**
     * Queries one task compares with each reference row in turn: their vectors (64 KB) stay in
     * cache while the reference rows stream past once per tile, not once per query. One query at a
     * time read 20 MB of reference rows each and was bound by memory (283 queries/s on 2 cores).
     */
    private static final int TILE = 32;

    private final int count;
    private final int[] position;
    private final float[] similarity;

    private NearestNeighbours(int count, int[] position, float[] similarity) {
        this.count = count;
        this.position = position;
        this.similarity = similarity;
    }

    /**
     * The neighbours of every query among {@code reference}; a query never counts itself (the same
     * row index) as its own neighbour, so the same array may be passed as both.
     */
    static NearestNeighbours search(Embeddings vectors, int[] queries, int[] reference, int count, int threads,
            ProgressBar progress) {
        int usable = Math.min(count, reference.length - 1);
        if (usable < 1) {
            throw new IllegalArgumentException("need at least 2 reference rows, got " + reference.length);
        }
        int[] position = new int[queries.length * usable];
        float[] similarity = new float[queries.length * usable];
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            for (int from = 0; from < queries.length; from += BLOCK) {
                int start = from;
                int end = Math.min(queries.length, from + BLOCK);
                pool.submit(() -> IntStream.range(0, (end - start + TILE - 1) / TILE).parallel()
                        .forEach(t -> searchTile(vectors, queries, start + t * TILE, Math.min(end, start + (t + 1) * TILE),
                                reference, usable, position, similarity)))
                        .join();
                progress.advance(end - from);
            }
        } finally {
            pool.shutdown();
        }
        progress.finish();
        return new NearestNeighbours(usable, position, similarity);
    }

    /**
     * Queries {@code from} to {@code to} against every reference row; each keeps its best
     * {@code count} so far in its sorted window of the output arrays (insertion: count is small).
     */
    private static void searchTile(Embeddings vectors, int[] queries, int from, int to, int[] reference, int count,
            int[] position, float[] similarity) {
        int[] kept = new int[to - from];
        for (int r = 0; r < reference.length; r++) {
            int candidate = reference[r];
            for (int q = from; q < to; q++) {
                int row = queries[q];
                if (candidate == row) {
                    continue;
                }
                float s = vectors.fastDot(row, candidate);
                int offset = q * count;
                int k = kept[q - from];
                if (k == count && s <= similarity[offset + count - 1]) {
                    continue;
                }
                int i = k == count ? count - 1 : k;
                if (k < count) {
                    kept[q - from] = k + 1;
                }
                while (i > 0 && similarity[offset + i - 1] < s) {
                    similarity[offset + i] = similarity[offset + i - 1];
                    position[offset + i] = position[offset + i - 1];
                    i--;
                }
                similarity[offset + i] = s;
                position[offset + i] = r;
            }
        }
    }

    /** Neighbours per query (the count asked for, or one less than the reference rows if there were fewer). */
    int count() {
        return count;
    }

    /** Position in the reference array of query {@code q}'s {@code j}-th nearest neighbour. */
    int position(int q, int j) {
        return position[q * count + j];
    }

    float similarity(int q, int j) {
        return similarity[q * count + j];
    }
}
