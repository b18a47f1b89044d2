package dev.sift.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How to reach S3 or an S3-compatible server (MinIO, s3mock: {@code endpoint} and
 * {@code forcePathStyle}), and the one client configuration sift uses everywhere: the JDK's
 * url-connection HTTP client (no Netty or Apache client to load at a cold start) and short
 * timeouts, so an unreachable store fails a request instead of holding it.
 */
public record S3Connection(Optional<URI> endpoint, Region region, boolean forcePathStyle,
        AwsCredentialsProvider credentials) {

    /** A region set explicitly, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1. */
    public static Region region(Optional<String> configured) {
        // Looked up here, not through the SDK's provider chain, which would ask the EC2 instance
        // metadata service when no region is set and add seconds to a cold start.
        return Region.of(configured.filter(v -> !v.isBlank()).or(() -> env("AWS_REGION"))
                .or(() -> env("AWS_DEFAULT_REGION")).orElse("us-east-1"));
    }

    /** The connection that {@code sift.feedback.s3.*} or {@code sift.registry.s3.*} describe; the AWS default credentials chain. */
    public static S3Connection of(Optional<URI> endpoint, Optional<String> region, boolean forcePathStyle) {
        return new S3Connection(endpoint, region(region), forcePathStyle, DefaultCredentialsProvider.builder().build());
    }

    /** A client whose whole call (retries included) gives up after 20 s. */
    public S3Client client() {
        return client(Duration.ofSeconds(20));
    }

    public S3Client client(Duration apiCallTimeout) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10)))
                .overrideConfiguration(c -> c.apiCallTimeout(apiCallTimeout))
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(forcePathStyle);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    // AWS's own variables, as the SDK reads them; not sift settings.
    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
}
