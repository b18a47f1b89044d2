package dev.sift.infra;

import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * A function of the pipeline zip ({@code sift-pipeline-lambda.zip}): the three retrain steps and
 * the drift monitor. Each has a role of its own that may write only its log group; the caller
 * grants the prefixes it needs beside it.
 *
 * <p>A factory, not a construct: the function, {@code <id>Role} and {@code <id>Logs} are made
 * directly in {@code scope}, so the retrain steps keep the logical ids they were deployed with.
 */
final class PipelineFunction {
    record Settings(String description, String roleDescription, String handler, int memoryMb, Duration timeout,
                    Map<String, String> environment) {
    }

    private PipelineFunction() {
    }

    static Function create(Construct scope, String id, Settings settings, FunctionPackaging packaging, SiftParameters p) {
        Role role = Role.Builder.create(scope, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(settings.roleDescription())
                .build();
        LogGroup logs = LogGroup.Builder.create(scope, id + "Logs")
                .retention(Retention.days(p.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        logs.grantWrite(role);
        // No JAVA_TOOL_OPTIONS and no SnapStart here: C2 pays off over a minutes-long run.
        Function fn = Function.Builder.create(scope, id)
                .description(settings.description())
                .code(packaging.pipelineCode())
                .handler(settings.handler())
                .runtime(packaging.pipelineRuntime())
                .architecture(FunctionPackaging.ARCHITECTURE)
                .memorySize(settings.memoryMb())
                .ephemeralStorageSize(Size.mebibytes(2048))
                .timeout(settings.timeout())
                .role(role)
                .logGroup(logs)
                .environment(new LinkedHashMap<>(settings.environment()))
                .build();
        packaging.acceptPinnedJavaRuntime(fn);
        return fn;
    }
}
