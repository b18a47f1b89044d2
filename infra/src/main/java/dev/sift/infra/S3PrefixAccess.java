package dev.sift.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * Prefix-scoped S3 grants written out statement by statement. The L2 {@code bucket.grantRead}
 * gives {@code s3:GetObject*}, {@code s3:GetBucket*} and {@code s3:List*} on the whole bucket;
 * sift's roles get the one action they need on the one prefix they need.
 */
final class S3PrefixAccess {
    private S3PrefixAccess() {
    }

    /** GetObject under {@code prefix}, ListBucket limited to it, and Decrypt through S3 only. */
    static void read(IRole role, IBucket bucket, IKey key, String prefix) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(bucket.arnForObjects(prefix + "*")))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(prefix + "*"))))
                .build());
        decrypt(role, key);
    }

    /** PutObject on {@code keyPattern} (a key or a prefix ending in {@code *}). */
    static void write(IRole role, IBucket bucket, IKey key, String keyPattern) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(bucket.arnForObjects(keyPattern)))
                .build());
        dataKey(role, key);
    }

    /** SSE-KMS with an S3 Bucket Key: a writer needs a data key; multipart uploads also decrypt it again for every part. */
    private static void dataKey(IRole role, IKey key) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of(key.getKeyArn()))
                .conditions(viaS3())
                .build());
    }

    /**
     * What a Distributed Map's ResultWriter needs under {@code prefix}: the actions AWS documents
     * for it (Step Functions developer guide, "ResultWriter (Map)", IAM policies for ResultWriter):
     * PutObject for the result files and manifest, GetObject (it reads its own files back, e.g.
     * when a map run is redriven), and the two multipart actions for result files it uploads in
     * parts; then a data key through S3, as for {@link #write}.
     */
    static void writeResults(IRole role, IBucket bucket, IKey key, String prefix) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"))
                .resources(List.of(bucket.arnForObjects(prefix + "*")))
                .build());
        dataKey(role, key);
    }

    private static void decrypt(IRole role, IKey key) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(key.getKeyArn()))
                .conditions(viaS3())
                .build());
    }

    /** The key may be used only by S3 on the role's behalf, never directly. */
    private static Map<String, Object> viaS3() {
        return Map.of("StringEquals", Map.of("kms:ViaService", "s3." + Aws.REGION + ".amazonaws.com"));
    }
}
