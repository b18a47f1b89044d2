package dev.sift.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sift.model.BundleManifest;
import dev.sift.model.ChampionPointer;
import dev.sift.model.Directories;
import dev.sift.model.ModelBundle;
import dev.sift.monitor.MonitorReference;

/**
 * A local model registry: every bundle version ever registered, immutable, plus a
 * {@code champion.json} pointer to the one to serve and an append-only {@code history.jsonl}.
 *
 * <pre>
 * registry/
 *   bundles/&lt;name&gt;/&lt;version&gt;/{manifest.json, model.onnx, tokenizer.json}
 *   champion.json      {"name", "version", "reason", "at"}
 *   history.jsonl      one line per registration, promotion, rejection and rollback
 * </pre>
 *
 * The pointer is replaced by an atomic rename, so a reader sees the old champion or the new one,
 * never a half-written file. Serving reads it through {@code sift.model.bundle=registry:<dir>}.
 */
public final class ModelRegistry {
    public static final String PREFIX = "registry:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public ModelRegistry(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Copies a verified bundle into the registry; a version already there must be byte-identical. */
    public Path register(Path bundleDir) throws IOException {
        ModelBundle bundle = ModelBundle.load(bundleDir.toString()); // verifies every checksum first
        BundleManifest manifest = bundle.manifest();
        Path target = versionDir(manifest.name(), manifest.version());
        if (Files.isDirectory(target)) {
            ModelBundle existing = ModelBundle.load(target.toString());
            if (!existing.manifest().files().equals(manifest.files())) {
                throw new IOException("registry already holds " + manifest.name() + " " + manifest.version()
                        + " with different files; bump the version");
            }
            return target;
        }
        Path staging = Files.createTempDirectory(Files.createDirectories(root.resolve("staging")), "bundle");
        List<String> names = new ArrayList<>(manifest.files().keySet());
        names.add("manifest.json");
        // The drift monitor's reference (make train records it): not served, so not in the manifest, but it
        // belongs to this version, and the daily monitor reads it from the registry's champion.
        if (Files.isRegularFile(bundleDir.resolve(MonitorReference.FILE))) {
            names.add(MonitorReference.FILE);
        }
        for (String name : names) {
            Files.copy(bundleDir.resolve(name), staging.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            Directories.deleteTree(staging);
        }
        record("registered", manifest.name(), manifest.version(), Map.of());
        return target;
    }

    public Optional<JsonNode> champion() throws IOException {
        Path pointer = root.resolve("champion.json");
        return Files.exists(pointer) ? Optional.of(JSON.readTree(pointer.toFile())) : Optional.empty();
    }

    public Optional<Path> championDir() throws IOException {
        return champion().isPresent() ? Optional.of(ChampionPointer.resolve(root)) : Optional.empty();
    }

    /** Points {@code champion.json} at a registered version. */
    public void setChampion(String name, String version, String reason, Map<String, Object> details)
            throws IOException {
        Path dir = versionDir(name, version);
        if (!Files.isDirectory(dir)) {
            throw new IOException("registry has no " + name + " " + version + "; registered: " + versions(name));
        }
        ObjectNode pointer = JSON.createObjectNode().put("name", name).put("version", version)
                .put("reason", reason).put("at", Instant.now().toString());
        pointer.set("details", JSON.valueToTree(details));
        Path temp = Files.createTempFile(root, "champion", ".tmp");
        Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(pointer));
        Files.move(temp, root.resolve("champion.json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        record(reason, name, version, details);
    }

    public List<String> versions(String name) throws IOException {
        List<String> versions = new ArrayList<>();
        Path dir = root.resolve("bundles").resolve(name);
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                entries.forEach(e -> versions.add(e.getFileName().toString()));
            }
        }
        versions.sort(null);
        return versions;
    }

    public void record(String event, String name, String version, Map<String, Object> details) throws IOException {
        ObjectNode line = JSON.createObjectNode().put("at", Instant.now().toString()).put("event", event)
                .put("name", name).put("version", version);
        line.set("details", JSON.valueToTree(details));
        Files.createDirectories(root);
        Files.writeString(root.resolve("history.jsonl"), JSON.writeValueAsString(line) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    Path versionDir(String name, String version) {
        return ChampionPointer.bundleDir(root, name, version);
    }
}
