package dev.sift.discover;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import dev.sift.model.SentenceEmbedder;

/**
 * Unit-length sentence vectors of many texts in one flat {@code float[n * dim]} (62,774 texts of
 * bge-small-zh, 512 dimensions: 128 MB), so that no object per text outlives the embedding.
 */
public final class Embeddings {
    /** Texts handed to the encoder at once: enough for its length groups to fill, few enough to report progress often. */
    static final int CHUNK = 512;

    private final float[] values;
    private final int size;
    private final int dim;

    public Embeddings(float[] values, int size, int dim) {
        if (values.length != (long) size * dim) {
            throw new IllegalArgumentException(values.length + " values are not " + size + " x " + dim);
        }
        this.values = values;
        this.size = size;
        this.dim = dim;
    }

    /**
     * Embeds every text; texts go to the encoder sorted by length, so each chunk's runs pad little,
     * and the vectors are stored back in input order.
     */
    public static Embeddings of(List<String> texts, SentenceEmbedder embedder, ProgressBar progress) {
        int[] order = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> texts.get(i).length())).mapToInt(Integer::intValue).toArray();
        float[] values = null;
        int dim = 0;
        for (int from = 0; from < order.length; from += CHUNK) {
            int to = Math.min(order.length, from + CHUNK);
            List<String> chunk = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                chunk.add(texts.get(order[i]));
            }
            float[][] vectors = embedder.embed(chunk);
            if (values == null) {
                dim = vectors[0].length;
                values = new float[Math.multiplyExact(texts.size(), dim)];
            }
            for (int i = from; i < to; i++) {
                System.arraycopy(vectors[i - from], 0, values, order[i] * dim, dim);
            }
            progress.advance(to - from);
        }
        progress.finish();
        return new Embeddings(values == null ? new float[0] : values, texts.size(), dim);
    }

    public int size() {
        return size;
    }

    public int dim() {
        return dim;
    }

    public float get(int row, int d) {
        return values[row * dim + d];
    }

    public float[] row(int row) {
        float[] copy = new float[dim];
        System.arraycopy(values, row * dim, copy, 0, dim);
        return copy;
    }

    /** Rows of equal length, copied into one flat array. */
    public static Embeddings of(float[][] rows) {
        int dim = rows.length == 0 ? 0 : rows[0].length;
        float[] values = new float[Math.multiplyExact(rows.length, dim)];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, values, i * dim, dim);
        }
        return new Embeddings(values, rows.length, dim);
    }

    /** Every row as its own array: for the heads, whose few thousand rows are fitted as {@code float[][]}. */
    public float[][] rows() {
        float[][] rows = new float[size][];
        for (int i = 0; i < size; i++) {
            rows[i] = row(i);
        }
        return rows;
    }

    /** Dot product of a row with a vector; the cosine similarity when both have unit length. */
    public double dot(int row, float[] vector) {
        double sum = 0;
        int base = row * dim;
        for (int d = 0; d < dim; d++) {
            sum += values[base + d] * vector[d];
        }
        return sum;
    }

    /**
     * Dot product of two rows in float arithmetic, four partial sums: the kernel of the brute-force
     * neighbour search, where HotSpot does not vectorise {@link #dot(int, int)}'s ordered double sum
     * and that search takes billions of multiplications.
     */
    public float fastDot(int a, int b) {
        int ba = a * dim;
        int bb = b * dim;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = 0;
        for (; d + 3 < dim; d += 4) {
            s0 += values[ba + d] * values[bb + d];
            s1 += values[ba + d + 1] * values[bb + d + 1];
            s2 += values[ba + d + 2] * values[bb + d + 2];
            s3 += values[ba + d + 3] * values[bb + d + 3];
        }
        for (; d < dim; d++) {
            s0 += values[ba + d] * values[bb + d];
        }
        return (s0 + s1) + (s2 + s3);
    }

    public double dot(int a, int b) {
        double sum = 0;
        int ba = a * dim;
        int bb = b * dim;
        for (int d = 0; d < dim; d++) {
            sum += values[ba + d] * values[bb + d];
        }
        return sum;
    }
}
