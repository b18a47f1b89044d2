package dev.sift.registry;

import java.nio.file.Path;

import dev.sift.model.ModelBundle;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;

/**
 * Every bundle location a user can write, loaded: what {@link ModelBundle#load} reads (a directory,
 * {@code classpath:}, {@code registry:<dir>}) plus {@code registry:s3://bucket/prefix}, whose
 * champion is downloaded into the private registry cache first. It lives here, not in sift-core,
 * because reading S3 needs the AWS SDK, which the core module does not carry.
 */
public final class BundleLocations {
    static final String S3_REGISTRY_PREFIX = ModelBundle.REGISTRY_PREFIX + S3Uri.SCHEME;

    private BundleLocations() {
    }

    public static ModelBundle load(String location) {
        return ModelBundle.load(resolve(location));
    }

    /** {@code location}, or for an S3 registry the local directory of its champion (downloaded if needed). */
    public static String resolve(String location) {
        if (location == null || !location.startsWith(S3_REGISTRY_PREFIX)) {
            return location;
        }
        Path champion = S3RegistryReader.fetchChampion(
                S3Uri.parse(location.substring(ModelBundle.REGISTRY_PREFIX.length()), "model registry"),
                S3Connection.fromSettings("sift.registry.s3"), S3RegistryReader.defaultCacheRoot());
        return champion.toString();
    }
}
