package dev.sift.infra;

import java.util.List;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: {@code cdk deploy --all -c lambdaZip=… -c httpZip=…} from {@code infra/}.
 *
 * <p>The cdk-nag AWS Solutions checks run on every synthesis (an unsuppressed error fails
 * {@code cdk synth} and {@code cdk deploy}); {@code -c nag=false} turns them off.
 */
public final class SiftApp {
    public record SiftStacks(StorageStack storage, ServingStack serving, TrainingStack training, BatchStack batch,
                             ObservabilityStack observability) {
        public List<Stack> all() {
            return List.of(storage, serving, training, batch, observability);
        }
    }

    private SiftApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        SiftParameters parameters = SiftParameters.fromContext(app.getNode());
        build(app, parameters, environment());
        if (!"false".equals(String.valueOf(app.getNode().tryGetContext("nag")))) {
            addChecks(app);
        }
        app.synth();
    }

    /** cdk-nag's AWS Solutions pack: findings become errors on the resources at synthesis. */
    public static void addChecks(App app) {
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    }

    /** All five stacks; {@code env} null gives environment-agnostic stacks (the tests' case). */
    public static SiftStacks build(App app, SiftParameters p, Environment env) {
        // S3 server access logs are delivered under a bucket policy, not the legacy
        // LogDeliveryWrite ACL (which would need ACLs enabled on the log bucket).
        app.getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        StackProps.Builder props = StackProps.builder();
        if (env != null) {
            props.env(env);
        }
        StorageStack storage = new StorageStack(app, p.stackName("Storage"),
                props.description("sift: model, feedback and batch buckets, KMS keys, access logs").build());
        ServingStack serving = new ServingStack(app, p.stackName("Serving"),
                props.description("sift: classify/preprocess/feedback functions, live aliases with canary deploys, HTTP API").build(),
                p, storage);
        TrainingStack training = new TrainingStack(app, p.stackName("Training"),
                props.description("sift: retrain state machine (prepare, GPU train, evaluate, promote), its triggers, the daily drift monitor").build(),
                p, storage);
        BatchStack batch = new BatchStack(app, p.stackName("Batch"),
                props.description("sift: batch classification of S3 objects with a Step Functions Distributed Map").build(),
                p, storage);
        ObservabilityStack observability = new ObservabilityStack(app, p.stackName("Observability"),
                props.description("sift: alarms on errors, throttles, p99 duration, failed retrains, drift and confidence; the dashboard").build(),
                p, serving, training);
        SiftStacks stacks = new SiftStacks(storage, serving, training, batch, observability);
        for (Stack s : stacks.all()) {
            Tags.of(s).add("project", "sift");
        }
        return stacks;
    }

    /** The account and region the CDK CLI resolved from the caller's credentials, if any. */
    private static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        return account == null || region == null ? null : Environment.builder().account(account).region(region).build();
    }
}
