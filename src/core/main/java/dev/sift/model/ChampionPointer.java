package dev.sift.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Resolves a model registry's {@code champion.json} to the bundle directory it points at
 * ({@code bundles/<name>/<version>}), so serving can follow {@code sift.model.bundle=registry:<dir>}.
 * The registry itself (registration, promotion, rollback) is {@code dev.sift.pipeline.ModelRegistry}.
 */
public final class ChampionPointer {
    private ChampionPointer() {
    }

    public static Path resolve(Path registry) {
        Path pointer = registry.resolve("champion.json");
        if (!Files.exists(pointer)) {
            throw new BundleException("model registry " + registry.toAbsolutePath() + " has no champion.json; "
                    + "promote a bundle first");
        }
        try {
            JsonNode champion = new ObjectMapper().readTree(pointer.toFile());
            return bundleDir(registry, champion.path("name").asText(), champion.path("version").asText());
        } catch (IOException e) {
            throw new BundleException("cannot read " + pointer + ": " + e.getMessage(), e);
        }
    }

    public static Path bundleDir(Path registry, String name, String version) {
        if (!name.matches("[A-Za-z0-9._-]+") || !version.matches("[A-Za-z0-9._+-]+")) {
            throw new BundleException("bundle name and version must be plain path segments, got '" + name + "' '"
                    + version + "'");
        }
        return registry.resolve("bundles").resolve(name).resolve(version);
    }
}
