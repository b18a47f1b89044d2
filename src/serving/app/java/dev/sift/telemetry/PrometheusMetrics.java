package dev.sift.telemetry;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.sift.predictions.PredictionLog;
import dev.sift.serving.PredictionRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The HTTP app's metrics, in Micrometer's registry, which Quarkus serves at {@code /q/metrics} in
 * Prometheus's format: the same figures the Lambda zips write as EMF ({@link EmfMetrics}), tagged
 * with function and model ({@code name@version}):
 * <ul>
 *   <li>{@code sift_requests_seconds} (timer, also tagged {@code outcome}: {@code ok} or the error code), with p50 and p99;
 *   <li>{@code sift_texts_total}, {@code sift_abstentions_total};
 *   <li>{@code sift_predictions_total} (also tagged {@code label}): the label mix;
 *   <li>{@code sift_top_score} (summary: {@code _sum / _count} is the mean confidence);
 *   <li>{@code sift_prediction_log_records_total} tagged {@code state} written or dropped, when the prediction log is on.
 * </ul>
 * Only in the HTTP app (src/serving/app): the Lambda zips carry no Micrometer.
 */
@Singleton
public class PrometheusMetrics implements ServingMetrics {
    private final MeterRegistry registry;

    PrometheusMetrics(MeterRegistry registry, PredictionRecorder predictions) {
        this.registry = registry;
        PredictionLog log = predictions.log();
        if (log != null) {
            FunctionCounter.builder("sift.prediction.log.records", log, PredictionLog::written).tag("state", "written")
                    .description("prediction-log records written to the store").register(registry);
            FunctionCounter.builder("sift.prediction.log.records", log, PredictionLog::dropped).tag("state", "dropped")
                    .description("prediction-log records lost (store unreachable, record not buildable)").register(registry);
        }
    }

    @Override
    public void record(RequestFacts facts) {
        String model = facts.model() == null ? "none" : facts.model();
        Timer.builder("sift.requests").description("function calls, by outcome")
                .tags("function", facts.function(), "model", model, "outcome", facts.outcome())
                .publishPercentiles(0.5, 0.99)
                // A refusal before any function ran has no latency of its own: counted with 0 under its outcome.
                .register(registry).record(Double.isNaN(facts.latencyMs()) ? Duration.ZERO
                        : Duration.ofNanos(Math.round(facts.latencyMs() * 1e6)));
        Counter.builder("sift.texts").description("texts (or batch items, or corrections) received")
                .tags("function", facts.function(), "model", model).register(registry).increment(facts.texts());
        if (facts.served().isEmpty()) {
            return;
        }
        Counter.builder("sift.abstentions").description("texts the model abstained on")
                .tags("function", facts.function(), "model", model).register(registry).increment(facts.abstentions());
        DistributionSummary topScore = DistributionSummary.builder("sift.top.score")
                .description("top score per classified text").tags("function", facts.function(), "model", model)
                .register(registry);
        Map<String, Integer> perLabel = new HashMap<>();
        for (RequestFacts.Served served : facts.served()) {
            topScore.record(served.topScore());
            served.labels().forEach(label -> perLabel.merge(label, 1, Integer::sum));
        }
        // One registry lookup per label, not per text.
        perLabel.forEach((label, count) -> Counter.builder("sift.predictions").description("texts per predicted label")
                .tags("function", facts.function(), "model", model, "label", label).register(registry).increment(count));
    }
}
