package dev.sift.pipeline;

import java.util.List;

import dev.sift.feedback.S3MockServer;

/**
 * Points the registry's S3 settings ({@code sift.registry.s3.*}, read as system properties like
 * their SIFT_REGISTRY_S3_* variables) and the AWS default credentials at the JVM's s3mock, and
 * takes them back, so a test class can leave the JVM as it found it.
 */
final class RegistryOnS3Mock {
    private static final List<String> PROPERTIES = List.of("sift.registry.s3.endpoint",
            "sift.registry.s3.force-path-style", "sift.registry.s3.region", "aws.accessKeyId", "aws.secretAccessKey",
            "sift.registry.cache");

    private RegistryOnS3Mock() {
    }

    static void use() {
        System.setProperty("sift.registry.s3.endpoint", S3MockServer.endpoint().toString());
        System.setProperty("sift.registry.s3.force-path-style", "true");
        System.setProperty("sift.registry.s3.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
    }

    static void clear() {
        PROPERTIES.forEach(System::clearProperty);
    }
}
