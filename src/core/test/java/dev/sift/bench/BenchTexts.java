package dev.sift.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.sift.text.DatasetCsv;

/** Texts for benchmarks: the htl test split when ../shared is present, generated review-like text otherwise. */
final class BenchTexts {
    static final Path HTL_TEST = Path.of("..", "shared", "data", "htl", "test.csv");
    /** A 30-character hotel review, the batch-1 latency probe. */
    static final String REVIEW_30 = "房间很干净，服务也热情，就是早餐品种少了点，总体满意。";

    private BenchTexts() {
    }

    private static List<DatasetCsv.Row> read(Path csv) {
        try {
            return DatasetCsv.read(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> htlTestOrGenerated(int count) {
        if (Files.exists(HTL_TEST)) {
            List<String> texts = new ArrayList<>();
            for (DatasetCsv.Row row : read(HTL_TEST)) {
                texts.add(row.text());
                if (texts.size() == count) {
                    break;
                }
            }
            return texts;
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(REVIEW_30.repeat(1 + i % 4) + " 房号" + (8000 + i));
        }
        return texts;
    }
}
