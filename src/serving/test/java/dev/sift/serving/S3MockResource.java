package dev.sift.serving;

import java.util.Map;
import java.util.UUID;

import dev.sift.feedback.S3MockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test's feedback store at the JVM's s3mock, under a fresh prefix. The app's S3
 * client takes its credentials from the AWS default chain, here the {@code aws.*} system properties.
 */
public class S3MockResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        if (System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "test-key");
            System.setProperty("aws.secretAccessKey", "test-secret");
        }
        return Map.of("sift.feedback.store", "s3://" + S3MockServer.BUCKET + "/app-" + UUID.randomUUID(),
                "sift.feedback.s3.endpoint", S3MockServer.endpoint().toString(),
                "sift.feedback.s3.region", "us-east-1",
                "sift.feedback.s3.force-path-style", "true");
    }

    @Override
    public void stop() {
        // s3mock serves every test of the JVM; S3MockServer stops it when the JVM exits
    }
}
