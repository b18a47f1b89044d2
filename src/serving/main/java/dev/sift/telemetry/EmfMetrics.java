package dev.sift.telemetry;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import dev.sift.metrics.EmfLine;

/**
 * A request's metrics as CloudWatch embedded-metric-format lines ({@link EmfLine}) on standard
 * output, which Lambda sends to CloudWatch Logs; each line is written before the function returns,
 * so a freeze loses nothing.
 *
 * <p>Namespace {@code sift}, dimension sets {@code [Function]} and {@code [Function, ModelVersion]}:
 * {@code Requests}, {@code Latency} (ms), {@code Texts}, {@code Abstentions}, {@code TopScore} (one
 * value per classified text: its Average is the mean confidence), {@code ClientErrors},
 * {@code Faults}, {@code PredictionsDropped} (prediction-log records lost since the previous line).
 * The label mix is one more line per label, dimension sets {@code [Function, Label]} and
 * {@code [Function, ModelVersion, Label]}, metric {@code Predictions}: EMF takes a dimension's value
 * from the line's own field, so two labels cannot share a line. infra's alarms and dashboard read
 * these names.
 */
public final class EmfMetrics implements ServingMetrics {
    public static final String NAMESPACE = "sift";
    private static final List<List<String>> REQUEST_DIMENSIONS = List.of(List.of("Function"), List.of("Function", "ModelVersion"));
    private static final List<List<String>> LABEL_DIMENSIONS = List.of(List.of("Function", "Label"),
            List.of("Function", "ModelVersion", "Label"));

    private final Consumer<String> out;
    private final Clock clock;
    private final LongSupplier droppedSoFar;
    private final AtomicLong droppedReported = new AtomicLong();

    /**
     * @param out           where each line goes ({@code System.out::println} on Lambda)
     * @param droppedSoFar  the prediction log's count of dropped records (0 when there is no log)
     */
    public EmfMetrics(Consumer<String> out, Clock clock, LongSupplier droppedSoFar) {
        this.out = out;
        this.clock = clock;
        this.droppedSoFar = droppedSoFar;
    }

    @Override
    public void record(RequestFacts facts) {
        String model = facts.model() == null ? "none" : facts.model();
        long dropped = droppedSoFar.getAsLong();
        long newlyDropped = dropped - droppedReported.getAndSet(dropped);
        List<Double> scores = facts.served().stream().map(RequestFacts.Served::topScore).toList();

        EmfLine request = line(REQUEST_DIMENSIONS, facts.function(), model).metric("Requests", "Count", 1);
        if (!Double.isNaN(facts.latencyMs())) {
            // A refusal before any function ran has none: a 0 would pull the function's percentiles down.
            request.metric("Latency", "Milliseconds", facts.latencyMs());
        }
        request.metric("Texts", "Count", facts.texts())
                .metric("Abstentions", "Count", facts.abstentions())
                .metric("ClientErrors", "Count", facts.kind() == RequestFacts.Outcome.CLIENT_ERROR ? 1 : 0)
                .metric("Faults", "Count", facts.kind() == RequestFacts.Outcome.FAULT ? 1 : 0)
                .metric("PredictionsDropped", "Count", newlyDropped);
        if (!scores.isEmpty()) {
            request.metric("TopScore", "None", scores.subList(0, Math.min(EmfLine.MAX_VALUES, scores.size())));
        }
        out.accept(request.json());
        for (int from = EmfLine.MAX_VALUES; from < scores.size(); from += EmfLine.MAX_VALUES) {
            out.accept(line(REQUEST_DIMENSIONS, facts.function(), model)
                    .metric("TopScore", "None", scores.subList(from, Math.min(from + EmfLine.MAX_VALUES, scores.size()))).json());
        }

        Map<String, Integer> perLabel = new TreeMap<>();
        for (RequestFacts.Served served : facts.served()) {
            served.labels().forEach(label -> perLabel.merge(label, 1, Integer::sum));
        }
        perLabel.forEach((label, count) -> out.accept(line(LABEL_DIMENSIONS, facts.function(), model)
                .field("Label", label).metric("Predictions", "Count", count).json()));
    }

    private EmfLine line(List<List<String>> dimensions, String function, String model) {
        return new EmfLine(NAMESPACE, clock.millis(), dimensions).field("Function", function).field("ModelVersion", model);
    }
}
