package dev.sift.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaddedBatchTest {

    @Test
    void padsToTheLongestEncodingWithMaskAndZeroTypeIds() throws IOException {
        BertTokenizer tokenizer = BertTokenizer.fromJson(TestFiles.bgeTokenizer());
        Encoding shortText = tokenizer.encode("好", 512);
        Encoding longText = tokenizer.encode("很好很好", 512);

        PaddedBatch batch = PaddedBatch.of(List.of(shortText, longText), tokenizer.padId());

        assertEquals(6, batch.sequenceLength());
        assertEquals(2, batch.size());
        assertArrayEquals(new long[] {101, 1962, 102, 0, 0, 0}, batch.ids()[0]);
        assertArrayEquals(new long[] {101, 2523, 1962, 2523, 1962, 102}, batch.ids()[1]);
        assertArrayEquals(new long[] {1, 1, 1, 0, 0, 0}, batch.attentionMask()[0]);
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1}, batch.attentionMask()[1]);
        assertArrayEquals(new long[6], batch.typeIds()[0]);
        assertArrayEquals(new long[6], batch.typeIds()[1]);
    }

    @Test
    void usesTheGivenPadId() {
        Encoding encoding = new Encoding(new int[] {2, 5, 3}, new String[] {"[CLS]", "x", "[SEP]"}, false);
        Encoding single = new Encoding(new int[] {2, 3}, new String[] {"[CLS]", "[SEP]"}, false);
        PaddedBatch batch = PaddedBatch.of(List.of(encoding, single), 9);
        assertArrayEquals(new long[] {2, 3, 9}, batch.ids()[1]);
        assertArrayEquals(new long[] {1, 1, 0}, batch.attentionMask()[1]);
    }

    @Test
    void emptyBatchHasNoRows() {
        PaddedBatch batch = PaddedBatch.of(List.of(), 0);
        assertEquals(0, batch.size());
        assertEquals(0, batch.sequenceLength());
    }
}
