package dev.sift.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.ILambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaApplication;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One serving function: its own role and log group, a {@code live} alias that callers and the
 * HTTP API use, and a CodeDeploy deployment group that shifts the alias to a new version in a
 * canary and shifts it back if the alias's error alarm fires.
 */
public final class CanaryFunction extends Construct {
    public final Role role;
    public final LogGroup logGroup;
    public final Function function;
    public final Alias live;
    public final Alarm rollbackAlarm;
    public final LambdaDeploymentGroup deploymentGroup;

    record Settings(String description, Code code, String handler, int memoryMb, int reservedConcurrency,
                    int provisionedConcurrency, Map<String, String> environment) {
    }

    CanaryFunction(Construct scope, String id, Settings settings, FunctionPackaging packaging, SiftParameters p,
                   LambdaApplication application, ILambdaDeploymentConfig deploymentConfig) {
        super(scope, id);
        if (packaging.jvm() && settings.provisionedConcurrency() > 0) {
            throw new IllegalArgumentException(id + ": Lambda does not combine SnapStart with provisioned concurrency;"
                    + " deploy a native or bundled-JVM build (-c runtime=native|bundled-jvm) or set the provisioned concurrency to 0");
        }
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("sift " + id + ": logs, and the S3 prefixes granted beside it")
                .build();
        logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(Retention.days(p.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        logGroup.grantWrite(role);

        Function.Builder fn = Function.Builder.create(this, "Function")
                .description(settings.description())
                .code(settings.code())
                .handler(settings.handler())
                .runtime(packaging.runtime())
                .architecture(packaging.servingArchitecture())
                .memorySize(settings.memoryMb())
                // The HTTP API waits at most 30 s for an integration; a direct caller gets the same.
                .timeout(Duration.seconds(30))
                .role(role)
                .logGroup(logGroup)
                .snapStart(packaging.snapStart())
                .environment(settings.environment());
        if (settings.reservedConcurrency() > 0) {
            fn.reservedConcurrentExecutions(settings.reservedConcurrency());
        }
        function = fn.build();

        live = Alias.Builder.create(this, "Live")
                .aliasName("live")
                .version(function.getCurrentVersion())
                .provisionedConcurrentExecutions(settings.provisionedConcurrency() > 0 ? settings.provisionedConcurrency() : null)
                .build();

        // The alias's metrics include the canary's share of traffic; Errors counts unhandled
        // failures (crashes, timeouts, out of memory), not the 4xx answers to bad input.
        rollbackAlarm = Alarm.Builder.create(this, "RollbackAlarm")
                .alarmDescription("sift " + id + ": errors on the live alias; CodeDeploy rolls a canary back while it is in alarm")
                .metric(live.metricErrors(MetricOptions.builder().period(Duration.minutes(1)).statistic("Sum").build()))
                .threshold(p.errorAlarmThreshold())
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        deploymentGroup = LambdaDeploymentGroup.Builder.create(this, "Deployment")
                .application(application)
                .alias(live)
                .deploymentConfig(deploymentConfig)
                .alarms(List.of(rollbackAlarm))
                .autoRollback(AutoRollbackConfig.builder()
                        .failedDeployment(true)
                        .stoppedDeployment(true)
                        .deploymentInAlarm(true)
                        .build())
                .build();
    }
}
