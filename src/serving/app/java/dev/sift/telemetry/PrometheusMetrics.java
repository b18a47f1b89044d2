package dev.sift.telemetry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import dev.sift.functions.ObservedRequests;
import dev.sift.predictions.PredictionLog;
import dev.sift.serving.ClassifierService;
import dev.sift.serving.PredictionRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;

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
 * The served model's {@code ok} series exist at zero from start-up ({@link #registerAtStart}).
 * Only in the HTTP app (src/serving/app): the Lambda zips carry no Micrometer.
 */
@Singleton
public class PrometheusMetrics implements ServingMetrics {
    /** The functions' names as ObservedRequests reports them, and those that answer with predictions. */
    static final List<String> FUNCTIONS = List.of("classify", "classifyBatch", "preprocess", "feedback");
    static final Set<String> PREDICTING = Set.of("classify", "classifyBatch");

    private static final Logger LOG = Logger.getLogger(PrometheusMetrics.class);

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
        // A refusal before any function ran has no latency of its own: counted with 0 under its outcome.
        requests(facts.function(), model, facts.outcome()).record(Double.isNaN(facts.latencyMs()) ? Duration.ZERO
                : Duration.ofNanos(Math.round(facts.latencyMs() * 1e6)));
        texts(facts.function(), model).increment(facts.texts());
        if (facts.served().isEmpty()) {
            return;
        }
        abstentions(facts.function(), model).increment(facts.abstentions());
        DistributionSummary topScore = topScore(facts.function(), model);
        Map<String, Integer> perLabel = new HashMap<>();
        for (RequestFacts.Served served : facts.served()) {
            topScore.record(served.topScore());
            served.labels().forEach(label -> perLabel.merge(label, 1, Integer::sum));
        }
        // One registry lookup per label, not per text.
        perLabel.forEach((label, count) -> predictions(facts.function(), model, label).increment(count));
    }

    /**
     * Once the model is ready (after ClassifierService's start-up observer): every function's
     * series for it at zero, on a thread of their own so that boot goes on meanwhile. A dashboard's
     * rate() has a series before the first request, and the first request does not pay for making
     * them: recording nothing, the first classify answered ~9 ms sooner on a cold JVM
     * (src/bench/results/coldstart-levers-2026-12-03.txt).
     */
    void registerAtStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent start,
            ClassifierService service) {
        if (!service.ready()) {
            return;
        }
        String model = ObservedRequests.modelOf(service);
        List<String> labels = service.classifier().info().labels();
        Thread registering = new Thread(() -> {
            try {
                registerAtZero(model, labels);
            } catch (RuntimeException e) {
                // Telemetry never stops the service: the first requests then make their series.
                LOG.warnf("metric series for %s not made at start: %s", model, e.toString());
            }
        }, "sift-metrics-series");
        registering.setDaemon(true);
        registering.start();
    }

    void registerAtZero(String model, List<String> labels) {
        for (String function : FUNCTIONS) {
            requests(function, model, RequestFacts.OK);
            texts(function, model);
            if (PREDICTING.contains(function)) {
                abstentions(function, model);
                topScore(function, model);
                labels.forEach(label -> predictions(function, model, label));
            }
        }
    }

    private Timer requests(String function, String model, String outcome) {
        return Timer.builder("sift.requests").description("function calls, by outcome")
                .tags("function", function, "model", model, "outcome", outcome)
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    private Counter texts(String function, String model) {
        return Counter.builder("sift.texts").description("texts (or batch items, or corrections) received")
                .tags("function", function, "model", model).register(registry);
    }

    private Counter abstentions(String function, String model) {
        return Counter.builder("sift.abstentions").description("texts the model abstained on")
                .tags("function", function, "model", model).register(registry);
    }

    private DistributionSummary topScore(String function, String model) {
        return DistributionSummary.builder("sift.top.score").description("top score per classified text")
                .tags("function", function, "model", model).register(registry);
    }

    private Counter predictions(String function, String model, String label) {
        return Counter.builder("sift.predictions").description("texts per predicted label")
                .tags("function", function, "model", model, "label", label).register(registry);
    }
}
