package dev.sift.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.sift.infra.SiftParameters.ServingFunction;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.SearchExpression;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms on errors, throttles and p99 duration of every serving function, on the HTTP API's 5xx
 * and p99 latency, on failed or timed-out retrains, on what the served model sees (low mean
 * confidence, many abstentions) and on drift, all notifying one encrypted SNS topic; and one
 * dashboard of the same. (The canary rollback alarms live beside their deployment groups in the
 * serving stack.)
 *
 * <p>The model's own metrics are not Lambda's: the apps print them as CloudWatch embedded-metric
 * format lines, namespace {@value #NAMESPACE}. Serving, per request, by {@code Function} (the app's
 * function: a request to {@code POST /classify} of the HTTP function counts as {@code classify}),
 * also by {@code ModelVersion}; the drift monitor, per run, without dimensions and by {@code Model}.
 */
public final class ObservabilityStack extends Stack {
    static final String NAMESPACE = "sift";
    /** The app's {@code Function} dimension values. */
    static final List<String> APP_FUNCTIONS = List.of("classify", "preprocess", "feedback", "classifyBatch");
    /**
     * The label mix: labels are the champion's, unknown at deploy time, so the graph searches for
     * every {@code Label} the app has reported rather than naming them.
     */
    static final String LABEL_MIX_SEARCH =
            "SEARCH('{sift,Function,Label} MetricName=\"Predictions\" Function=\"classify\"', 'Sum', 3600)";
    private static final Duration HOUR = Duration.hours(1);
    private static final Duration DAY = Duration.days(1);

    public final Key alarmsKey;
    public final Topic alarms;
    public final List<Alarm> all = new ArrayList<>();
    public final Dashboard dashboard;

    public ObservabilityStack(Construct scope, String id, StackProps props, SiftParameters p,
                              ServingStack serving, TrainingStack training) {
        super(scope, id, props);
        alarmsKey = Key.Builder.create(this, "AlarmsKey")
                .description("sift alarm notifications")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // CloudWatch publishes to an encrypted topic only if the key lets it use the key.
        alarmsKey.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        alarms = Topic.Builder.create(this, "Alarms")
                .displayName("sift alarms")
                .masterKey(alarmsKey)
                .enforceSsl(true)
                .build();
        if (p.alarmEmail() != null) {
            alarms.addSubscription(new EmailSubscription(p.alarmEmail()));
        }

        for (ServingFunction f : ServingFunction.values()) {
            var fn = serving.functions.get(f).function;
            String name = ServingStack.id(f);
            alarm(name + "Errors", "sift " + f.key + ": unhandled errors (crashes, timeouts, out of memory)",
                    fn.metricErrors(sum(5)), p.errorAlarmThreshold(), 1);
            alarm(name + "Throttles", "sift " + f.key + ": invocations refused for lack of concurrency",
                    fn.metricThrottles(sum(5)), 1, 1);
            // Three periods in a row: one cold start in a quiet period must not page anyone.
            alarm(name + "P99Duration", "sift " + f.key + ": p99 duration above " + p.p99DurationMs() + " ms for 15 minutes",
                    fn.metricDuration(MetricOptions.builder().period(Duration.minutes(5)).statistic("p99").build()),
                    p.p99DurationMs(), 3);
        }
        alarm("Api5xx", "sift HTTP API: 5xx answers (integration failures, timeouts)",
                serving.stage.metricServerError(sum(5)), p.errorAlarmThreshold(), 1);
        alarm("ApiP99Latency", "sift HTTP API: p99 latency above " + p.p99DurationMs() + " ms for 15 minutes",
                serving.stage.metricLatency(MetricOptions.builder().period(Duration.minutes(5)).statistic("p99").build()),
                p.p99DurationMs(), 3);
        alarm("RetrainFailed", "sift retrain: an execution failed (see the state machine's execution history)",
                training.retrain.metricFailed(sum(60)), 1, 1);
        alarm("RetrainTimedOut", "sift retrain: an execution ran past its timeout",
                training.retrain.metricTimedOut(sum(60)), 1, 1);
        alarm("FeedbackCheckErrors", "sift: the hourly feedback check failed, so feedback-triggered retrains are not starting",
                training.feedbackThresholdCheck.metricErrors(sum(60)), 1, 1);

        // What the served model sees, from the app's own metrics: these need no prediction log.
        // Three hours in a row, so that a handful of odd requests in a quiet hour do not page.
        alarm("LowConfidence", "sift classify: mean top score below " + p.minMeanConfidence()
                        + " for 3 hours (inputs the champion is unsure of: drift, or a weak model)",
                meanConfidence(), ComparisonOperator.LESS_THAN_THRESHOLD, p.minMeanConfidence(), 3);
        alarm("HighAbstention", "sift classify: more than " + p.maxAbstentionRate()
                        + " of texts abstained on for 3 hours (the champion declines to answer)",
                abstentionRate(), ComparisonOperator.GREATER_THAN_THRESHOLD, p.maxAbstentionRate(), 3);
        if (p.predictionLog()) {
            // The monitor reports once a day: a day's period keeps a drifted day in alarm until the next report.
            alarm("Drift", "sift monitor: yesterday's predictions drifted from the champion's reference"
                            + " (monitoring/<date>/monitor.json in the model bucket says which measure)",
                    sift("Drift", "Maximum", DAY, Map.of()), 1, 1);
            alarm("DriftMonitorErrors", "sift monitor: the daily drift monitor failed, so drift is not being measured",
                    training.monitor.function.metricErrors(sum(24 * 60)), 1, 1);
            alarm("PredictionsDropped", "sift classify: prediction-log batches could not be written (the log and the"
                            + " drift monitor miss them; classify answered as always)",
                    sift("PredictionsDropped", "Sum", HOUR, Map.of("Function", "classify")), 1, 1);
        }

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(p.prefix().toLowerCase())
                .defaultInterval(Duration.days(7))
                .widgets(widgets(p, serving))
                .build();
    }

    private List<List<IWidget>> widgets(SiftParameters p, ServingStack serving) {
        List<IMetric> requests = new ArrayList<>();
        List<IMetric> latency = new ArrayList<>();
        for (String fn : APP_FUNCTIONS) {
            requests.add(sift("Requests", "Sum", Duration.minutes(5), Map.of("Function", fn)).with(label(fn)));
            latency.add(sift("Latency", "p50", Duration.minutes(5), Map.of("Function", fn)).with(label(fn + " p50")));
            latency.add(sift("Latency", "p99", Duration.minutes(5), Map.of("Function", fn)).with(label(fn + " p99")));
        }
        List<IMetric> duration = new ArrayList<>();
        for (ServingFunction f : ServingFunction.values()) {
            duration.add(serving.functions.get(f).function.metricDuration(MetricOptions.builder()
                    .period(Duration.minutes(5)).statistic("p99").label(f.key).build()));
        }
        List<List<IWidget>> rows = new ArrayList<>();
        rows.add(List.of(graph("Requests per function (sift Requests)", requests, List.of()),
                graph("Latency p50 and p99 per function, ms (sift Latency)", latency, List.of())));
        rows.add(List.of(graph("Lambda duration p99 per serving function, ms", duration, List.of()),
                graph("Label mix of classify per hour (sift Predictions by Label)",
                        List.of(SearchExpression.Builder.create().expression(LABEL_MIX_SEARCH).period(HOUR)
                                // A dynamic label: one line per label, named by it.
                                .label("${PROP('Dim.Label')}").build()), List.of())));
        rows.add(List.of(graph("Mean confidence of classify (TopScore Average)", List.of(meanConfidence().with(label("mean top score"))),
                        List.of(line(p.minMeanConfidence(), "LowConfidence alarm"))),
                graph("Abstention rate of classify (Abstentions / Texts)", List.of(abstentionRate()),
                        List.of(line(p.maxAbstentionRate(), "HighAbstention alarm")))));
        if (p.predictionLog()) {
            rows.add(List.of(
                    graph("Drift score vs threshold (daily monitor)", List.of(
                            sift("DriftScore", "Maximum", DAY, Map.of()).with(label("DriftScore")),
                            sift("DriftThreshold", "Maximum", DAY, Map.of()).with(label("DriftThreshold"))), List.of()),
                    graph("Estimated accuracy, label PSI, abstention rate (daily monitor)", List.of(
                            sift("EstimatedAccuracy", "Average", DAY, Map.of()).with(label("EstimatedAccuracy")),
                            sift("LabelPsi", "Maximum", DAY, Map.of()).with(label("LabelPsi")),
                            sift("AbstentionRate", "Average", DAY, Map.of()).with(label("AbstentionRate"))), List.of())));
            rows.add(List.of(
                    graph("Predictions dropped by the prediction log", List.of(
                            sift("PredictionsDropped", "Sum", HOUR, Map.of("Function", "classify")).with(label("classify")),
                            sift("PredictionsDropped", "Sum", HOUR, Map.of("Function", "classifyBatch")).with(label("classifyBatch"))),
                            List.of()),
                    graph("Predictions in the monitored window (daily monitor)", List.of(
                            sift("WindowPredictions", "Sum", DAY, Map.of()).with(label("WindowPredictions"))), List.of())));
        }
        rows.add(List.of(AlarmStatusWidget.Builder.create().title("sift alarms").alarms(all).width(24).height(8).build()));
        return rows;
    }

    private static GraphWidget graph(String title, List<IMetric> metrics, List<HorizontalAnnotation> annotations) {
        return GraphWidget.Builder.create().title(title).left(metrics).leftAnnotations(annotations).width(12).height(6).build();
    }

    private static HorizontalAnnotation line(double value, String label) {
        return HorizontalAnnotation.builder().value(value).label(label).build();
    }

    private static MetricOptions label(String label) {
        return MetricOptions.builder().label(label).build();
    }

    /** A metric the apps emit; {@code dimensions} must be one of the sets they emit, or CloudWatch finds no data. */
    private static Metric sift(String name, String statistic, Duration period, Map<String, String> dimensions) {
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(name)
                .statistic(statistic)
                .period(period)
                .dimensionsMap(dimensions)
                .build();
    }

    /** One TopScore value per classified text, so the Average is the mean confidence of the answers. */
    private static Metric meanConfidence() {
        return sift("TopScore", "Average", HOUR, Map.of("Function", "classify"));
    }

    /** Per text, not per request: a request may carry many texts. An hour without texts has no value (no traffic is not a fault). */
    private static MathExpression abstentionRate() {
        return MathExpression.Builder.create()
                .expression("abstentions / texts")
                // Sorted: Map.of's order changes from one JVM to the next, and with it the template.
                .usingMetrics(new TreeMap<>(Map.of(
                        "abstentions", sift("Abstentions", "Sum", HOUR, Map.of("Function", "classify")),
                        "texts", sift("Texts", "Sum", HOUR, Map.of("Function", "classify")))))
                .period(HOUR)
                .label("abstention rate")
                .build();
    }

    private static MetricOptions sum(int minutes) {
        return MetricOptions.builder().period(Duration.minutes(minutes)).statistic("Sum").build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods) {
        alarm(id, description, metric, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, threshold, periods);
    }

    private void alarm(String id, String description, IMetric metric, ComparisonOperator operator, double threshold, int periods) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(operator)
                // No traffic is not a fault.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(alarms));
        all.add(alarm);
    }
}
