package dev.sift.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every text of the canonical htl and shopping10 splits must get exactly the ids the Rust
 * reference gives, untruncated and truncated. These are the texts the classifier is trained and
 * evaluated on, so any difference here would be a silent accuracy loss.
 */
class TokenizerParityTest {

    private static final int TOTAL_TEXTS = 70_489;
    private static final List<String> DATASETS = List.of("htl", "shopping10");
    private static final List<String> SPLITS = List.of("train", "val", "test");

    private static List<String> texts;
    private static BertTokenizer tokenizer;

    @BeforeAll
    static void loadTexts() throws IOException {
        if (!Files.isDirectory(TestFiles.SHARED_DATA)) {
            return;
        }
        texts = new ArrayList<>();
        for (String dataset : DATASETS) {
            for (String split : SPLITS) {
                texts.addAll(DatasetCsv.read(TestFiles.SHARED_DATA.resolve(dataset).resolve(split + ".csv")).stream()
                        .map(DatasetCsv.Row::text).toList());
            }
        }
        tokenizer = BertTokenizer.fromJson(TestFiles.bgeTokenizer());
    }

    // Checked per test rather than in @BeforeAll so the report lists each skipped test with the reason.
    @BeforeEach
    void requireSharedData() {
        Assumptions.assumeTrue(texts != null,
                "../shared/data not found: tokenizer parity on the 71k real texts skipped");
    }

    @Test
    void readsEveryReviewOfTheCanonicalSplits() {
        assertEquals(TOTAL_TEXTS, texts.size(), "texts in htl + shopping10 train/val/test");
    }

    @Test
    void matchesReferenceIdsOnEveryRealTextWithoutTruncation() throws IOException {
        try (ReferenceTokenizer reference = ReferenceTokenizer.untruncated(TestFiles.bgeTokenizer())) {
            assertSameIds(reference, Integer.MAX_VALUE);
        }
    }

    @Test
    void matchesReferenceIdsOnEveryRealTextTruncatedTo512() throws IOException {
        try (ReferenceTokenizer reference = ReferenceTokenizer.truncatedTo(TestFiles.bgeTokenizer(), 512)) {
            assertSameIds(reference, 512);
        }
    }

    @Test
    void matchesReferenceIdsOnEveryRealTextTruncatedTo128() throws IOException {
        try (ReferenceTokenizer reference = ReferenceTokenizer.truncatedTo(TestFiles.bgeTokenizer(), 128)) {
            assertSameIds(reference, 128);
        }
    }

    private static void assertSameIds(ReferenceTokenizer reference, int maxLength) {
        int mismatches = 0;
        int truncatedTexts = 0;
        String firstMismatch = null;
        for (String text : texts) {
            var expected = reference.encode(text);
            int[] expectedIds = Arrays.stream(expected.getIds()).mapToInt(Math::toIntExact).toArray();
            Encoding actual = tokenizer.encode(text, maxLength);
            boolean sameTruncation = maxLength == Integer.MAX_VALUE
                    ? !actual.truncated()
                    : actual.truncated() == expected.exceedMaxLength();
            if (!Arrays.equals(expectedIds, actual.ids()) || !sameTruncation) {
                mismatches++;
                if (firstMismatch == null) {
                    firstMismatch = "text: " + text + "\nreference ids: " + Arrays.toString(expectedIds)
                            + " truncated=" + expected.exceedMaxLength()
                            + "\nour ids:       " + Arrays.toString(actual.ids()) + " truncated=" + actual.truncated();
                }
            }
            if (actual.truncated()) {
                truncatedTexts++;
            }
        }
        if (mismatches > 0) {
            fail(mismatches + " of " + texts.size() + " texts differ from the reference at maxLength "
                    + maxLength + "; first:\n" + firstMismatch);
        }
        if (maxLength <= 512 && truncatedTexts == 0) {
            fail("no text was truncated at " + maxLength + ", so truncation was not exercised");
        }
    }
}
