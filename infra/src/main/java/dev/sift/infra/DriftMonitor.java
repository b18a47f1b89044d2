package dev.sift.infra;

import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The daily drift monitor: a function of the pipeline zip that compares the previous UTC day of
 * the prediction log with the champion's reference ({@code monitoring-reference.jsonl} beside its
 * bundle), writes {@code monitoring/<date>/monitor.json} to the model bucket, and prints the
 * {@code Drift}, {@code DriftScore}, … metrics as CloudWatch embedded-metric-format lines, which
 * CloudWatch Logs turns into metrics (so no {@code cloudwatch:PutMetricData} either).
 *
 * <p>Its role reads {@code registry/} (the champion pointer and its bundle's reference) and
 * {@code predictions/}, and writes only {@code monitoring/}: it never sees feedback records, and
 * serving never sees its reports. An EventBridge rule runs it on {@code monitorSchedule}.
 */
public final class DriftMonitor extends Construct {
    /** One day of log is read and summarized in one pass; the bootstrap thresholds take the rest. */
    static final Duration TIMEOUT = Duration.minutes(10);

    public final Function function;
    public final Rule schedule;

    DriftMonitor(Construct scope, String id, SiftParameters p, StorageStack storage, FunctionPackaging packaging) {
        super(scope, id);
        function = PipelineFunction.create(this, "Function", new PipelineFunction.Settings(
                "sift monitor: yesterday's prediction log against the champion's reference; writes"
                        + " monitoring/<date>/monitor.json and the Drift metrics",
                "sift drift monitor: reads registry/ and predictions/, writes monitoring/",
                packaging.monitorHandler(), 2048, TIMEOUT, Map.of(
                        "SIFT_PIPELINE_MODEL_REGISTRY", TrainingStack.modelRegistry(storage),
                        "SIFT_PREDICTIONS_STORE", PredictionLog.store(storage),
                        "SIFT_MONITOR_REPORTS", "s3://" + storage.models.getBucketName() + "/"
                                + BucketLayout.MONITORING.replaceAll("/$", ""))), packaging, p);
        IRole role = function.getRole();
        S3PrefixAccess.read(role, storage.models, storage.modelsKey, BucketLayout.REGISTRY);
        // GetObject and a ListBucket limited to the prefix: the day's objects are found by listing dt=<day>/.
        S3PrefixAccess.read(role, storage.feedback, storage.feedbackKey, BucketLayout.PREDICTIONS);
        S3PrefixAccess.write(role, storage.models, storage.modelsKey, BucketLayout.MONITORING + "*");
        Suppressions.add(role, "AwsSolutions-IAM5",
                "S3 access is granted per key prefix of BucketLayout (registry/ read, predictions/ read, monitoring/ write):"
                        + " the champion's bundle, the day's log objects and the report's date are known only at run time,"
                        + " so prefix/* is the narrowest resource",
                Suppressions.matching("/^Resource::.*\\/(registry|predictions|monitoring)\\/\\*$/"));

        schedule = Rule.Builder.create(this, "Schedule")
                .description("sift: daily drift monitor over yesterday's prediction log")
                .schedule(Schedule.expression(p.monitorSchedule()))
                .build();
        schedule.addTarget(LambdaFunction.Builder.create(function)
                .event(RuleTargetInput.fromObject(Map.of("trigger", "schedule")))
                .build());
    }
}
