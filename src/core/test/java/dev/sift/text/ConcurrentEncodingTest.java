package dev.sift.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One tokenizer serves every request thread: results must not depend on interleaving. */
class ConcurrentEncodingTest {

    @Test
    void encodesTheSameFromManyThreadsAsFromOne() throws Exception {
        BertTokenizer tokenizer = BertTokenizer.fromJson(TestFiles.bgeTokenizer());
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // Walk through many code points so the lazily filled character table is written concurrently.
            StringBuilder text = new StringBuilder();
            for (int j = 0; j < 40; j++) {
                text.appendCodePoint(0x20 + (i * 40 + j) * 7 % 0xD000);
            }
            texts.add(text + " 房间[MASK]很好 WiFi");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Encoding>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> texts.stream().map(text -> tokenizer.encode(text, 64)).toList()));
            }
            List<Encoding> expected = texts.stream().map(text -> tokenizer.encode(text, 64)).toList();
            for (Future<List<Encoding>> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
