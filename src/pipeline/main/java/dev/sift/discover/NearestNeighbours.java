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
                pool.submit(() -> IntStream.range(start, end).parallel()
                        .forEach(q -> searchOne(vectors, queries[q], reference, usable, position, similarity, q * usable)))
                        .join();
                progress.advance(end - from);
            }
        } finally {
            pool.shutdown();
        }
        progress.finish();
        return new NearestNeighbours(usable, position, similarity);
    }

    /** Keeps the best {@code count} so far in a sorted window of the output arrays (insertion: count is small). */
    private static void searchOne(Embeddings vectors, int row, int[] reference, int count, int[] position,
            float[] similarity, int offset) {
        int kept = 0;
        for (int r = 0; r < reference.length; r++) {
            if (reference[r] == row) {
                continue;
            }
            float s = vectors.fastDot(row, reference[r]);
            if (kept == count && s <= similarity[offset + count - 1]) {
                continue;
            }
            int i = kept == count ? count - 1 : kept++;
            while (i > 0 && similarity[offset + i - 1] < s) {
                similarity[offset + i] = similarity[offset + i - 1];
                position[offset + i] = position[offset + i - 1];
                i--;
            }
            similarity[offset + i] = s;
            position[offset + i] = r;
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
