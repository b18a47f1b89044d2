package dev.sift.registry;

import java.nio.file.Path;

import dev.sift.model.ModelBundle;
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

    /** With the registry settings in force ({@link RegistrySettings#read}): for the pipeline's tools. */
    public static ModelBundle load(String location) {
        return ModelBundle.load(isS3Registry(location) ? resolve(location, RegistrySettings.read()) : location);
    }

    public static ModelBundle load(String location, RegistrySettings registry) {
        return ModelBundle.load(resolve(location, registry));
    }

    /** {@code location}, or for an S3 registry the local directory of its champion (downloaded if needed). */
    public static String resolve(String location, RegistrySettings registry) {
        if (!isS3Registry(location)) {
            return location;
        }
        Path champion = S3RegistryReader.fetchChampion(
                S3Uri.parse(location.substring(ModelBundle.REGISTRY_PREFIX.length()), "model registry"),
                registry.connection(), registry.cacheRoot());
        return champion.toString();
    }

    private static boolean isS3Registry(String location) {
        return location != null && location.startsWith(S3_REGISTRY_PREFIX);
    }
}
