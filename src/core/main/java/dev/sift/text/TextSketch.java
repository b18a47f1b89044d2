package dev.sift.text;

import java.text.Normalizer;

/**
 * A 16-number summary of a text's characters, for watching what a deployment is asked without
 * keeping the text: its character unigrams and bigrams (after NFKC), hashed into 16 signed buckets
 * (feature hashing: a fixed FNV-1a hash picks the bucket and the sign), then L2-normalised. Texts
 * of one domain share characters and land near each other, so a window's mean sketch moves when
 * the incoming texts change domain. It is computed from the characters alone, not by the model:
 * a classifier bundle's graph outputs only logits, and a second ONNX output would change every
 * bundle for a log line. Sixteen numbers cannot be turned back into the text.
 */
public final class TextSketch {
    public static final int DIMENSIONS = 16;

    private TextSketch() {
    }

    public static float[] of(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC);
        double[] sums = new double[DIMENSIONS];
        int previous = -1;
        for (int i = 0; i < normalized.length();) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp)) {
                previous = -1;
                continue;
            }
            add(sums, fnv(cp, -1));
            if (previous >= 0) {
                add(sums, fnv(previous, cp));
            }
            previous = cp;
        }
        double norm = 0;
        for (double s : sums) {
            norm += s * s;
        }
        float[] sketch = new float[DIMENSIONS];
        if (norm == 0) {
            return sketch;
        }
        double scale = 1 / Math.sqrt(norm);
        for (int d = 0; d < DIMENSIONS; d++) {
            sketch[d] = (float) (sums[d] * scale);
        }
        return sketch;
    }

    private static void add(double[] sums, int hash) {
        sums[hash & (DIMENSIONS - 1)] += ((hash >>> 4) & 1) == 0 ? 1 : -1;
    }

    /** FNV-1a over one or two code points (second &lt; 0: a unigram), then mixed so low bits depend on all. */
    private static int fnv(int first, int second) {
        int h = 0x811c9dc5;
        h = (h ^ first) * 0x01000193;
        h = (h ^ second) * 0x01000193;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }
}
