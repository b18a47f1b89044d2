package dev.sift.bench;

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

import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.Prediction;
import dev.sift.model.TextClassifier;

/**
 * Warm classify latency of the default bundle (the fine-tuned htl classifier): batch 1 with a 30-character
 * review, and batch 32 of htl test texts. SampleTime mode, so JMH reports p50/p90/p99.
 *
 * <pre>make bench-classify</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ClassifyBenchmark {
    @Param({"1"})
    int threads;

    /** Another bundle side by side: {@code make bench-classify JMH_ARGS="-p bundle=models/review-sentiment,DIR"}. */
    @Param({"models/review-sentiment"})
    String bundle;

    private TextClassifier classifier;
    private List<String> single;
    private List<String> batch32;

    @Setup(Level.Trial)
    public void load() {
        classifier = TextClassifier.load(ModelBundle.load(bundle),
                InferenceSettings.defaults().withIntraOpThreads(threads));
        single = List.of(BenchTexts.REVIEW_30);
        batch32 = BenchTexts.htlTestOrGenerated(32);
    }

    @TearDown(Level.Trial)
    public void close() {
        classifier.close();
    }

    @Benchmark
    public List<Prediction> batch1Review30Chars() {
        return classifier.classify(single, 2);
    }

    @Benchmark
    public List<Prediction> batch32HtlTest() {
        return classifier.classify(batch32, 2);
    }
}
