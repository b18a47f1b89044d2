package dev.sift.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import dev.sift.config.SiftConfig;
import dev.sift.config.SiftConfigReader;
import dev.sift.s3.S3Connection;

/**
 * How to read an S3 model registry ({@code sift.registry.*}) as plain values: a record, so that a
 * model load started before Quarkus boots can be compared with the configuration in force.
 */
public record RegistrySettings(Path cacheRoot, Optional<URI> s3Endpoint, Optional<String> s3Region,
        boolean s3ForcePathStyle) {

    public static RegistrySettings of(SiftConfig.Registry registry) {
        // The default is predictable, hence PrivateDirectory's check in S3RegistryReader.
        Path cache = registry.cache().filter(c -> !c.isBlank()).map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "sift-registry"));
        return new RegistrySettings(cache, registry.s3().endpoint().map(URI::create), registry.s3().region(),
                registry.s3().forcePathStyle());
    }

    /** As configured now ({@link SiftConfigReader#read}): for the pipeline's tools and steps. */
    public static RegistrySettings read() {
        return of(SiftConfigReader.read().registry());
    }

    public S3Connection connection() {
        return S3Connection.of(s3Endpoint, s3Region, s3ForcePathStyle);
    }
}
