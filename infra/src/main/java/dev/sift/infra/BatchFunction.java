package dev.sift.infra;

import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * {@code classifyBatch}: the direct-invocation zip once more, exporting the Funqy function that
 * classifies one Distributed Map batch ({@code {"BatchInput": {"column", "idColumn"}, "Items":
 * [{"index", "value"}, …]}}, serving's ClassifyBatchFunction) and answers per-row results and
 * per-row errors as values; only a batch that is not one (no Items) fails the invocation.
 *
 * <p>It reads only the model registry and writes only the prediction log, as {@code classify}
 * does; Step Functions reads the rows and writes the answers, so the function never touches the
 * batch bucket. No canary: the batch state machine calls the {@code live} alias, which moves to
 * each new version at deploy.
 */
public final class BatchFunction extends Construct {
    static final String EXPORT = "classifyBatch";
    /**
     * A 256-row batch takes seconds. Each batch runs in an EXPRESS child execution, which stops
     * at 5 minutes, so the function's limit leaves room for retries after throttling.
     */
    static final Duration TIMEOUT = Duration.minutes(2);

    public final Role role;
    public final LogGroup logGroup;
    public final Function function;
    /** What the state machine invokes: the published version SnapStart restores from. */
    public final Alias live;

    BatchFunction(Construct scope, String id, SiftParameters p, StorageStack storage, FunctionPackaging packaging) {
        super(scope, id);
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("sift classifyBatch: logs, reads of the model registry, writes of the prediction log")
                .build();
        logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(Retention.days(p.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        logGroup.grantWrite(role);
        S3PrefixAccess.read(role, storage.models, storage.modelsKey, BucketLayout.REGISTRY);
        // Batch answers are predictions like classify's: the drift monitor sees them too (Function=classifyBatch).
        PredictionLog.grantWrite(role, p, storage);

        // The serving functions' environment (ServingStack), with this export and no feedback store.
        Map<String, String> env = new LinkedHashMap<>(packaging.runtimeEnvironment());
        env.put("SIFT_MODEL_BUNDLE", ServingStack.championBundle(storage));
        // A new -c modelRevision publishes a new version, so batches use a newly promoted champion too.
        env.put("SIFT_MODEL_REVISION", p.modelRevision());
        env.put("QUARKUS_FUNQY_EXPORT", EXPORT);
        env.put("SIFT_FEEDBACK_STORE", "none");
        PredictionLog.addEnvironment(env, p, storage);

        function = Function.Builder.create(this, "Function")
                .description("sift classifyBatch (Step Functions batch classification: one call per batch of rows)")
                .code(packaging.directCode())
                .handler(packaging.directHandler())
                .runtime(packaging.runtime())
                .architecture(packaging.servingArchitecture())
                .memorySize(p.batchMemoryMb())
                .timeout(TIMEOUT)
                .role(role)
                .logGroup(logGroup)
                // With many environments starting at once (maxConcurrency), restoring a snapshot
                // with the model loaded beats loading it in each.
                .snapStart(packaging.snapStart())
                .environment(env)
                .build();
        packaging.acceptPinnedRuntime(function);
        live = Alias.Builder.create(this, "Live")
                .aliasName("live")
                .version(function.getCurrentVersion())
                .build();

        Suppressions.add(role, "AwsSolutions-IAM5",
                "Read access is limited to the model registry prefix (registry/*), the narrowest scope that still lets the"
                        + " function read the champion pointer and any bundle version it names",
                Suppressions.matching("/^Resource::.*\\/registry\\/\\*$/"));
    }
}
