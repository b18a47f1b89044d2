package dev.sift.pipeline;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.sift.feedback.S3MockServer;

/**
 * Points the registry's S3 settings ({@code sift.registry.s3.*}, set as system properties, which
 * SiftConfigReader reads before their SIFT_REGISTRY_S3_* variables) and the AWS default credentials at the JVM's s3mock, and
 * takes them back, so a test class leaves the JVM as it found it: {@code @ExtendWith(RegistryOnS3Mock.class)}.
 */
public final class RegistryOnS3Mock implements BeforeAllCallback, AfterAllCallback {
    private static final List<String> PROPERTIES = List.of("sift.registry.s3.endpoint",
            "sift.registry.s3.force-path-style", "sift.registry.s3.region", "aws.accessKeyId", "aws.secretAccessKey",
            "sift.registry.cache");

    @Override
    public void beforeAll(ExtensionContext context) {
        use();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        clear();
    }

    public static void use() {
        System.setProperty("sift.registry.s3.endpoint", S3MockServer.endpoint().toString());
        System.setProperty("sift.registry.s3.force-path-style", "true");
        System.setProperty("sift.registry.s3.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
    }

    public static void clear() {
        PROPERTIES.forEach(System::clearProperty);
    }
}
