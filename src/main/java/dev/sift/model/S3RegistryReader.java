package dev.sift.model;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code registry:s3://bucket/prefix}: the champion of a model registry kept in S3 (infra's model
 * bucket, {@code registry/}), laid out like a local registry: {@code champion.json} and
 * {@code bundles/<name>/<version>/}. The pointer is read once, at load, so an environment keeps
 * serving the version it started with; a new champion reaches new environments (infra rolls it
 * out by publishing new versions). Settings are read from system properties or the environment,
 * because the model load starts before Quarkus's configuration exists: the region from
 * {@code AWS_REGION} (set on Lambda), and for S3-compatible servers {@code sift.model.s3.endpoint}
 * and {@code sift.model.s3.force-path-style} ({@code SIFT_MODEL_S3_ENDPOINT}, ...).
 */
final class S3RegistryReader implements ModelBundle.BundleReader {
    private final S3Client s3;
    private final String bucket;
    private final String bundlePrefix;

    private S3RegistryReader(S3Client s3, String bucket, String bundlePrefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.bundlePrefix = bundlePrefix;
    }

    static S3RegistryReader open(String registry) {
        URI uri = URI.create(registry);
        String bucket = uri.getHost();
        if (bucket == null || bucket.isBlank()) {
            throw new BundleException("model registry " + registry + " has no bucket: use registry:s3://bucket/prefix");
        }
        String prefix = uri.getPath().replaceAll("^/+", "").replaceAll("/+$", "");
        prefix = prefix.isEmpty() ? "" : prefix + "/";
        S3Client s3 = client();
        JsonNode champion;
        try {
            champion = new ObjectMapper().readTree(get(s3, bucket, prefix + "champion.json", registry));
        } catch (IOException e) {
            throw new BundleException("model registry " + registry + ": champion.json is not JSON: " + e.getMessage(), e);
        }
        String name = champion.path("name").asText();
        String version = champion.path("version").asText();
        ChampionPointer.bundleDir(java.nio.file.Path.of("."), name, version); // the same checks as a local registry
        return new S3RegistryReader(s3, bucket, prefix + "bundles/" + name + "/" + version + "/");
    }

    @Override
    public byte[] read(String location, String name) {
        return get(s3, bucket, bundlePrefix + name, location);
    }

    private static byte[] get(S3Client s3, String bucket, String key, String location) {
        try {
            return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new BundleException("model registry " + location + " has no s3://" + bucket + "/" + key
                    + (key.endsWith("champion.json") ? "; promote a bundle first" : ""));
        } catch (SdkException e) {
            throw new BundleException("model registry " + location + ": cannot read s3://" + bucket + "/" + key + ": "
                    + e.getMessage(), e);
        }
    }

    private static S3Client client() {
        // The region comes from the environment, not the SDK's provider chain, which would ask the
        // EC2 instance metadata service when none is set and add seconds to a cold start.
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .region(Region.of(setting("aws.region", "AWS_REGION").or(() -> setting("aws.region", "AWS_DEFAULT_REGION"))
                        .orElse("us-east-1")))
                .forcePathStyle(Boolean.parseBoolean(setting("sift.model.s3.force-path-style", "SIFT_MODEL_S3_FORCE_PATH_STYLE")
                        .orElse("false")));
        setting("sift.model.s3.endpoint", "SIFT_MODEL_S3_ENDPOINT").map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Optional<String> setting(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(variable);
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
