package dev.sift.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.sift.text.BertTokenizer;
import dev.sift.text.DatasetCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Our tokenizer against the Rust reference through DJL, on the same texts with the same
 * truncation (512, special tokens included). One operation encodes the whole text list.
 *
 * <p>Run from the module root (see TOKENIZER_NOTES.md):
 * {@code java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt)
 * org.openjdk.jmh.Main TokenizerBenchmark -f 1 -wi 3 -i 5 -t 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenizerBenchmark {

    private static final int MAX_LENGTH = 512;
    private static final Path TOKENIZER_JSON = Path.of("target", "bge-small-zh", "bge-small-zh-v1.5-q-tokenizer.json");
    private static final Path HOTEL_TEST_SPLIT = Path.of("..", "shared", "data", "htl", "test.csv");

    private List<String> texts;
    private BertTokenizer ours;
    private HuggingFaceTokenizer reference;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        texts = Files.isRegularFile(HOTEL_TEST_SPLIT) ? DatasetCsv.read(HOTEL_TEST_SPLIT).stream().map(DatasetCsv.Row::text).toList() : generatedReviews();
        System.out.println("\n" + texts.size() + " texts from "
                + (Files.isRegularFile(HOTEL_TEST_SPLIT) ? HOTEL_TEST_SPLIT : "the generated fallback"));
        ours = BertTokenizer.fromJson(TOKENIZER_JSON);
        reference = HuggingFaceTokenizer.builder()
                .optTokenizerPath(TOKENIZER_JSON)
                .optAddSpecialTokens(true)
                .optTruncation(true)
                .optMaxLength(MAX_LENGTH)
                .optPadding(false)
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        reference.close();
    }

    @Benchmark
    public void siftBertTokenizer(Blackhole blackhole) {
        for (String text : texts) {
            blackhole.consume(ours.encode(text, MAX_LENGTH).ids());
        }
    }

    @Benchmark
    public void djlHuggingFaceTokenizer(Blackhole blackhole) {
        for (String text : texts) {
            blackhole.consume(reference.encode(text).getIds());
        }
    }

    /** Hotel-review-like text when ../shared/data is absent: same size (778) and a similar length spread. */
    private static List<String> generatedReviews() {
        String[] phrases = {
            "房间很干净", "服务态度很好", "早餐种类丰富", "位置方便", "离地铁站很近", "隔音效果一般", "价格有点贵",
            "前台办理入住很快", "床很舒服", "卫生间有点小", "WiFi信号不错", "停车不方便", "下次还会再来", "性价比高",
        };
        String[] punctuation = {"，", "。", "！", "~", " "};
        Random random = new Random(42);
        List<String> reviews = new ArrayList<>();
        for (int i = 0; i < 778; i++) {
            StringBuilder review = new StringBuilder();
            int phraseCount = 3 + random.nextInt(i % 10 == 0 ? 60 : 15);
            for (int p = 0; p < phraseCount; p++) {
                review.append(phrases[random.nextInt(phrases.length)]).append(punctuation[random.nextInt(punctuation.length)]);
            }
            reviews.add(review.toString());
        }
        return reviews;
    }
}
