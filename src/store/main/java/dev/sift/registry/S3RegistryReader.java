package dev.sift.registry;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import dev.sift.model.BundleException;
import dev.sift.model.BundleManifest;
import dev.sift.model.ChampionPointer;
import dev.sift.model.Directories;
import dev.sift.model.ModelBundle;
import dev.sift.model.PrivateDirectory;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;

/**
 * Serving from a model registry in S3 ({@code sift.model.bundle=registry:s3://bucket/prefix}, the
 * same layout as a local registry: {@code champion.json} + {@code bundles/<name>/<version>/}).
 * Reads the champion pointer and downloads that bundle once into a local cache
 * ({@code sift.registry.cache}, default {@code <tmp>/sift-registry}: {@link RegistrySettings}; on Lambda, /tmp survives
 * for the container's life), so a warm container never downloads twice; the checksums are then
 * verified by {@link ModelBundle#load} like any directory bundle's. The cache must be private to
 * this user ({@link PrivateDirectory}): its default path is predictable, and a bundle planted
 * there with a matching manifest would be served. Endpoint, region and path-style: {@code sift.registry.s3.*}.
 */
public final class S3RegistryReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3RegistryReader() {
    }

    /** The local directory holding the champion bundle of {@code registry}, downloaded if needed. */
    public static Path fetchChampion(S3Uri registry, S3Connection connection, Path cacheRoot) {
        try {
            // A cached version is served as found (its checksums are only checked against its own manifest).
            PrivateDirectory.require(cacheRoot, "model registry cache");
        } catch (IOException e) {
            throw new BundleException("cannot use model registry " + registry + ": " + e.getMessage(), e);
        }
        try (S3Client s3 = connection.client(Duration.ofMinutes(2))) {
            JsonNode champion = JSON.readTree(get(s3, registry, "champion.json")
                    .orElseThrow(() -> new BundleException("model registry " + registry + " has no champion.json; "
                            + "promote a bundle first")));
            String name = champion.path("name").asText();
            String version = champion.path("version").asText();
            Path local = ChampionPointer.bundleDir(cacheRoot, name, version);
            if (Files.isRegularFile(local.resolve("manifest.json"))) {
                return local; // versions are immutable: a cached copy is the same bundle
            }
            download(s3, registry, "bundles/" + name + "/" + version + "/", cacheRoot, local);
            return local;
        } catch (IOException | SdkException e) {
            throw new BundleException("cannot read model registry " + registry + ": " + e.getMessage(), e);
        }
    }

    /**
     * Downloads {@code bundleKey}'s manifest.json and every file it lists into a staging folder
     * under {@code cacheRoot}, then renames it to {@code local}.
     */
    public static void download(S3Client s3, S3Uri registry, String bundleKey, Path cacheRoot, Path local) throws IOException {
        byte[] manifest = get(s3, registry, bundleKey + "manifest.json")
                .orElseThrow(() -> new BundleException("model registry " + registry + " points at " + bundleKey
                        + " but it has no manifest.json"));
        List<String> names = new ArrayList<>();
        JSON.readTree(manifest).path("files").fieldNames().forEachRemaining(names::add);
        Path staging = Files.createTempDirectory(Files.createDirectories(cacheRoot.resolve("staging")), "bundle");
        Files.write(staging.resolve("manifest.json"), manifest);
        for (String name : names) {
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new BundleException("manifest.json of " + bundleKey + " lists a file that is not a plain name: " + name);
            }
            Files.write(staging.resolve(name), get(s3, registry, bundleKey + name).orElseThrow(
                    () -> new BundleException("model registry " + registry + ": " + bundleKey + name + " is missing")));
        }
        Files.createDirectories(local.getParent());
        try {
            Files.move(staging, local, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
            // another process in this container finished first; its copy is the same version
            Directories.deleteTree(staging);
        }
    }

    public static Optional<byte[]> get(S3Client s3, S3Uri registry, String relativeKey) {
        try {
            return Optional.of(s3.getObjectAsBytes(GetObjectRequest.builder().bucket(registry.bucket())
                    .key(registry.key(relativeKey)).build()).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }
}
