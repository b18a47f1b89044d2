package dev.sift.infra;

import java.util.ArrayList;
import java.util.List;

import dev.sift.infra.SiftParameters.ServingFunction;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms on errors, throttles and p99 duration of every serving function, on the HTTP API's 5xx
 * and p99 latency, and on failed or timed-out retrains, all notifying one encrypted SNS topic.
 * (The canary rollback alarms live beside their deployment groups in the serving stack.)
 */
public final class ObservabilityStack extends Stack {
    public final Key alarmsKey;
    public final Topic alarms;
    public final List<Alarm> all = new ArrayList<>();

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
    }

    private static MetricOptions sum(int minutes) {
        return MetricOptions.builder().period(Duration.minutes(minutes)).statistic("Sum").build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                // No traffic is not a fault.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(alarms));
        all.add(alarm);
    }
}
