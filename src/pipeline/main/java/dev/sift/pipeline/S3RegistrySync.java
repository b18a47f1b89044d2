package dev.sift.pipeline;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import dev.sift.model.Directories;
import dev.sift.registry.S3RegistryReader;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;

/**
 * A model registry in S3 ({@code s3://bucket/prefix}, the local registry's layout), worked on
 * through a local {@link ModelRegistry} mirror: {@link #pull} what a decision needs (the champion
 * pointer, history, the champion's bundle and any version named), decide locally with the same
 * code as for a directory registry, then {@link #push} what changed. A new version's manifest is
 * written last and create-if-absent ({@code If-None-Match: *}), so a registered version is never
 * overwritten;
 * {@code champion.json} last, in one PutObject, so a reader sees the old champion or the new one.
 * One writer at a time (the training pipeline runs one job at a time); concurrent promoters
 * could both write the pointer, and the later one wins.
 */
public final class S3RegistrySync implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Uri remote;
    private final S3Client s3;
    private final ModelRegistry local;
    private final Set<String> remoteVersions = new HashSet<>();
    private byte[] pulledChampion;
    private byte[] pulledHistory;

    public S3RegistrySync(S3Uri remote, S3Connection connection) throws IOException {
        this.remote = remote;
        this.s3 = connection.client(Duration.ofMinutes(5));
        this.local = new ModelRegistry(Files.createTempDirectory("sift-registry-mirror"));
    }

    public ModelRegistry local() {
        return local;
    }

    /** champion.json, history.jsonl and the champion's bundle. */
    public void pull() throws IOException {
        pulledChampion = get("champion.json");
        pulledHistory = get("history.jsonl");
        Files.createDirectories(local.root());
        if (pulledHistory != null) {
            Files.write(local.root().resolve("history.jsonl"), pulledHistory);
        }
        if (pulledChampion != null) {
            Files.write(local.root().resolve("champion.json"), pulledChampion);
            JsonNode champion = JSON.readTree(pulledChampion);
            if (!pullVersion(champion.path("name").asText(), champion.path("version").asText())) {
                throw new IOException("registry " + remote + ": champion.json points at a bundle it does not hold");
            }
        }
    }

    /** Copies bundles/name/version into the mirror; false where the registry has no such version. */
    public boolean pullVersion(String name, String version) throws IOException {
        Path dir = local.versionDir(name, version);
        String key = "bundles/" + name + "/" + version + "/";
        if (get(key + "manifest.json") == null) {
            return false;
        }
        if (!Files.isDirectory(dir)) {
            S3RegistryReader.download(s3, remote, key, local.root().resolve(".pull"), dir);
        }
        remoteVersions.add(name + "/" + version);
        return true;
    }

    /** Uploads versions registered since the pull, history.jsonl, and champion.json if it moved. */
    public void push() throws IOException {
        Path bundles = local.root().resolve("bundles");
        if (Files.isDirectory(bundles)) {
            try (Stream<Path> versions = Files.list(bundles).flatMap(S3RegistrySync::children)) {
                for (Path dir : versions.toList()) {
                    String id = dir.getParent().getFileName() + "/" + dir.getFileName();
                    if (!remoteVersions.contains(id)) {
                        upload(dir, "bundles/" + id + "/");
                        remoteVersions.add(id);
                    }
                }
            }
        }
        Path history = local.root().resolve("history.jsonl");
        if (Files.exists(history)) {
            put("history.jsonl", Files.readAllBytes(history), false);
        }
        Path champion = local.root().resolve("champion.json");
        if (Files.exists(champion)) {
            byte[] now = Files.readAllBytes(champion);
            if (pulledChampion == null || !java.util.Arrays.equals(now, pulledChampion)) {
                put("champion.json", now, false);
                pulledChampion = now;
            }
        }
    }

    /**
     * Model files first and manifest.json last: a version exists once its manifest is there, so
     * only that write is create-if-absent. Files of a version without a manifest are leftovers of
     * an interrupted upload and are overwritten, so a retried step completes it.
     */
    private void upload(Path dir, String key) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("manifest.json")).sorted().toList()) {
                put(key + file.getFileName(), Files.readAllBytes(file), false);
            }
        }
        put(key + "manifest.json", Files.readAllBytes(dir.resolve("manifest.json")), true);
    }

    private void put(String relativeKey, byte[] bytes, boolean createOnly) throws IOException {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(remote.bucket()).key(remote.key(relativeKey));
        if (createOnly) {
            request.ifNoneMatch("*");
        }
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(bytes));
        } catch (S3Exception e) {
            if (createOnly && e.statusCode() == 412) {
                throw new IOException("registry " + remote + " already holds " + relativeKey
                        + " (a version is immutable; bump the version)", e);
            }
            throw new IOException("cannot write " + remote + relativeKey + ": " + e.getMessage(), e);
        }
    }

    private byte[] get(String relativeKey) {
        return S3RegistryReader.get(s3, remote, relativeKey).orElse(null);
    }

    private static Stream<Path> children(Path dir) {
        try {
            return Files.list(dir).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        s3.close();
        Directories.deleteTree(local.root());
    }
}
