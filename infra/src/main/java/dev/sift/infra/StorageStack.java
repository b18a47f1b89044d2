package dev.sift.infra;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The model bucket (registry and training workspace), the feedback bucket, the batch bucket
 * (texts to classify in bulk and their results), their KMS keys and the bucket that receives
 * their access logs. Everything here is kept when the stack is deleted: it is the product's data.
 */
public final class StorageStack extends Stack {
    public final Key modelsKey;
    public final Key feedbackKey;
    public final Key batchKey;
    public final Bucket accessLogs;
    public final Bucket models;
    public final Bucket feedback;
    public final Bucket batch;

    public StorageStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);

        // One key per bucket: a role that may decrypt bundles cannot decrypt feedback, even
        // through a mistaken S3 grant. Rotation is yearly and automatic.
        modelsKey = key("ModelsKey", "sift model registry and training workspace");
        feedbackKey = key("FeedbackKey", "sift feedback records");
        // Batch inputs are whatever users upload (possibly personal data); results are derived
        // from them. Their own key keeps the serving and training roles out of both.
        batchKey = key("BatchKey", "sift batch classification inputs and results");

        accessLogs = Bucket.Builder.create(this, "AccessLogs")
                // The S3 log delivery service writes only to SSE-S3 buckets; SSE-KMS is refused.
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(365))
                        .noncurrentVersionExpiration(Duration.days(7))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Suppressions.add(accessLogs, "AwsSolutions-S1",
                "This bucket is the access-log target of the model, feedback and batch buckets; logging it into itself would loop");

        models = dataBucket("Models", modelsKey, BucketLayout.MODEL_ACCESS_LOGS, List.of(
                LifecycleRule.builder().id("expire-run-inputs").prefix(BucketLayout.RUNS)
                        .expiration(Duration.days(30)).build(),
                // A trained bundle that matters is copied into registry/ by the evaluate step.
                LifecycleRule.builder().id("expire-training-output").prefix(BucketLayout.TRAINING_OUTPUT)
                        .expiration(Duration.days(90)).build()));
        feedback = dataBucket("Feedback", feedbackKey, BucketLayout.FEEDBACK_ACCESS_LOGS, List.of());
        // input/ and output/ are the users' data: nothing expires but overwritten versions.
        batch = dataBucket("Batch", batchKey, BucketLayout.BATCH_ACCESS_LOGS, List.of());

        CfnOutput.Builder.create(this, "ModelBucketName").value(models.getBucketName())
                .description("Model registry: s3://<this>/" + BucketLayout.REGISTRY).build();
        CfnOutput.Builder.create(this, "FeedbackBucketName").value(feedback.getBucketName())
                .description("Feedback records: s3://<this>/" + BucketLayout.FEEDBACK).build();
    }

    private Key key(String id, String what) {
        return Key.Builder.create(this, id)
                .description(what)
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private Bucket dataBucket(String id, Key key, String logPrefix, List<LifecycleRule> rules) {
        var lifecycle = new ArrayList<LifecycleRule>(rules);
        // Overwritten and deleted objects (champion.json moves on every promotion) stay
        // recoverable for 90 days, then go; half-finished uploads are never billed for long.
        lifecycle.add(LifecycleRule.builder().id("expire-noncurrent-versions")
                .noncurrentVersionExpiration(Duration.days(90)).build());
        lifecycle.add(LifecycleRule.builder().id("abort-incomplete-uploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(7)).build());
        return Bucket.Builder.create(this, id)
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                // A Bucket Key cuts KMS requests (and their cost) by caching a data key per bucket.
                .bucketKeyEnabled(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix(logPrefix)
                .lifecycleRules(lifecycle)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }
}
