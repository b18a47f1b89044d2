package dev.sift.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.s3.Bucket;

class StorageStackTest {
    private static StorageStack storage;
    private static Template template;

    @BeforeAll
    static void synth() {
        storage = TestApps.synth(Map.of()).storage();
        template = Template.fromStack(storage);
    }

    @Test
    void modelBucketIsKmsEncryptedVersionedAndTlsOnly() {
        assertDataBucket(storage.models, Templates.logicalId(storage.modelsKey), "models/");
    }

    @Test
    void feedbackBucketIsKmsEncryptedVersionedAndTlsOnly() {
        assertDataBucket(storage.feedback, Templates.logicalId(storage.feedbackKey), "feedback/");
    }

    @Test
    void batchBucketIsKmsEncryptedVersionedAndTlsOnly() {
        assertDataBucket(storage.batch, Templates.logicalId(storage.batchKey), "batch/");
    }

    private static void assertDataBucket(Bucket bucket, String keyLogicalId, String logPrefix) {
        String id = Templates.logicalId(bucket);
        template.hasResource("AWS::S3::Bucket", Map.of(
                "Properties", Map.of(
                        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                                "BucketKeyEnabled", true,
                                "ServerSideEncryptionByDefault", Map.of(
                                        "SSEAlgorithm", "aws:kms",
                                        "KMSMasterKeyID", Map.of("Fn::GetAtt", List.of(keyLogicalId, "Arn")))))),
                        "VersioningConfiguration", Map.of("Status", "Enabled"),
                        "PublicAccessBlockConfiguration", Map.of(
                                "BlockPublicAcls", true, "BlockPublicPolicy", true,
                                "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                        "LoggingConfiguration", Map.of(
                                "DestinationBucketName", Map.of("Ref", Templates.logicalId(storage.accessLogs)),
                                "LogFilePrefix", logPrefix)),
                "DeletionPolicy", "Retain"));
        assertTrue(template.findResources("AWS::S3::Bucket").containsKey(id), id);
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                "Bucket", Map.of("Ref", id),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of(
                                "Effect", "Deny",
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                        Match.objectLike(Map.of(
                                "Effect", "Deny",
                                "Condition", Map.of("NumericLessThan", Map.of("s3:TlsVersion", 1.2)))))))));
    }

    @Test
    void eachDataBucketHasItsOwnRotatingKeyKeptOnDelete() {
        template.resourceCountIs("AWS::KMS::Key", 3);
        template.allResources("AWS::KMS::Key", Map.of(
                "Properties", Match.objectLike(Map.of("EnableKeyRotation", true)),
                "DeletionPolicy", "Retain"));
    }

    @Test
    void lifecycleRulesExpireNoncurrentVersionsRunInputsAndHalfFinishedUploads() {
        template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "BucketName", Match.absent(),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Id", "expire-run-inputs", "Prefix", BucketLayout.RUNS, "ExpirationInDays", 30)),
                        Match.objectLike(Map.of("Id", "expire-noncurrent-versions", "NoncurrentVersionExpiration",
                                Map.of("NoncurrentDays", 90))),
                        Match.objectLike(Map.of("Id", "abort-incomplete-uploads", "AbortIncompleteMultipartUpload",
                                Map.of("DaysAfterInitiation", 7))))))));
        // Every bucket, the access-log bucket included, has lifecycle rules.
        template.allResourcesProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "LifecycleConfiguration", Match.objectLike(Map.of("Rules", Match.anyValue())))));
    }

    @Test
    void accessLogsAreDeliveredByBucketPolicyToAnSseS3Bucket() {
        String logs = Templates.logicalId(storage.accessLogs);
        assertEquals("AES256", Templates.json(Templates.properties(template.findResources("AWS::S3::Bucket").get(logs))
                .get("BucketEncryption")).replaceAll(".*\"SSEAlgorithm\":\"([^\"]+)\".*", "$1"));
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                "Bucket", Map.of("Ref", logs),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "logging.s3.amazonaws.com"),
                        "Action", "s3:PutObject")))))));
    }
}
