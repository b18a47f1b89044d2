package dev.sift.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.sift.feedback.FeedbackStores;
import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.Prediction;
import dev.sift.model.TextClassifier;
import dev.sift.predictions.PredictionLog;
import dev.sift.predictions.PredictionRecords;

/**
 * What the prediction log adds to a single-text classify, side by side in one run: classify alone,
 * and classify plus the work serving does per logged text on the request thread (tokenize again,
 * sketch, add to the batch; the batch itself is written by the background writer, one object per
 * 100 records, to a file store in a temp directory).
 *
 * <pre>make bench-prediction-log   (BUNDLE=models/review-sentiment)</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PredictionLogBenchmark {
    private static final String TEXT = "房间很干净，服务也热情，就是早餐品种少了点，总体满意。";

    @Param("models/review-sentiment")
    public String bundle;

    private TextClassifier classifier;
    private PredictionLog log;
    private Path store;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        classifier = TextClassifier.load(ModelBundle.load(bundle), InferenceSettings.defaults().withIntraOpThreads(1));
        store = Files.createTempDirectory("sift-prediction-bench");
        log = new PredictionLog(FeedbackStores.open("file:" + store, FeedbackStores.S3Options.defaults()), 1.0, 100,
                Duration.ofSeconds(60), Clock.systemUTC(), PredictionLog.Flush.BACKGROUND);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        log.close();
        classifier.close();
        System.out.printf("%n%d records written to %s, %d dropped%n", log.written(), store, log.dropped());
    }

    @Benchmark
    public Prediction classify() {
        return classifier.classify(List.of(TEXT), 2).get(0);
    }

    @Benchmark
    public Prediction classifyAndLog() {
        Prediction p = classifier.classify(List.of(TEXT), 2).get(0);
        log.add(List.of(PredictionRecords.of(log.clock().instant(), "classify", classifier, TEXT, p, false)));
        return p;
    }

    /** The log's share alone, without the model: the number the 1 ms budget is about. */
    @Benchmark
    public Object logOnly() {
        Prediction p = new Prediction("positive", 0.9, java.util.Map.of("positive", 0.9, "negative", 0.1), false);
        log.add(List.of(PredictionRecords.of(log.clock().instant(), "classify", classifier, TEXT, p, false)));
        return p;
    }
}
