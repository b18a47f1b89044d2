package dev.sift.text;

import java.util.Arrays;
import java.util.List;

/**
 * Several encodings padded to a common length, in the shape an ONNX BERT encoder takes
 * ({@code input_ids}, {@code attention_mask}, {@code token_type_ids}, all int64).
 *
 * <p>The batch is padded to its longest item, not to the tokenizer's maximum length: attention
 * cost grows with the square of the sequence length, and most reviews are far shorter than 512
 * tokens.
 */
public final class PaddedBatch {

    private final long[][] ids;
    private final long[][] attentionMask;
    private final long[][] typeIds;
    private final int sequenceLength;

    private PaddedBatch(long[][] ids, long[][] attentionMask, long[][] typeIds, int sequenceLength) {
        this.ids = ids;
        this.attentionMask = attentionMask;
        this.typeIds = typeIds;
        this.sequenceLength = sequenceLength;
    }

    /**
     * Pads {@code encodings} with {@code padId} to the length of the longest one.
     *
     * @param padId the id for padding positions, e.g. {@link BertTokenizer#padId()}
     */
    public static PaddedBatch of(List<Encoding> encodings, int padId) {
        int rows = encodings.size();
        int length = 0;
        for (Encoding encoding : encodings) {
            length = Math.max(length, encoding.length());
        }
        long[][] ids = new long[rows][length];
        long[][] mask = new long[rows][length];
        // Single-sequence classification: every token belongs to segment 0.
        long[][] typeIds = new long[rows][length];
        for (int row = 0; row < rows; row++) {
            int[] source = encodings.get(row).ids();
            long[] targetIds = ids[row];
            long[] targetMask = mask[row];
            for (int i = 0; i < source.length; i++) {
                targetIds[i] = source[i];
                targetMask[i] = 1L;
            }
            if (padId != 0) {
                Arrays.fill(targetIds, source.length, length, padId);
            }
        }
        return new PaddedBatch(ids, mask, typeIds, length);
    }

    /** Token ids, {@code [batch][sequenceLength]}. */
    public long[][] ids() {
        return ids;
    }

    /** 1 for real tokens, 0 for padding, {@code [batch][sequenceLength]}. */
    public long[][] attentionMask() {
        return attentionMask;
    }

    /** All zero (single sequences), {@code [batch][sequenceLength]}. */
    public long[][] typeIds() {
        return typeIds;
    }

    /** Length of every row: the longest encoding in the batch. */
    public int sequenceLength() {
        return sequenceLength;
    }

    /** Number of rows. */
    public int size() {
        return ids.length;
    }
}
