package dev.sift.serving;

import java.util.Optional;

import dev.sift.model.InferenceSettings;

/**
 * Which bundle to load and how: everything a model load depends on, so that a load started
 * before the configuration system exists can be checked against the real configuration.
 */
public record ModelLoadPlan(String bundle, InferenceSettings settings) {
    public static final String DEFAULT_BUNDLE = "classpath:sift/bundles/default";
    public static final String DEFAULT_OPTIMIZATION_LEVEL = "all";
    public static final String DEFAULT_CPU_ARENA = "true";

    public static ModelLoadPlan of(SiftConfig config) {
        return new ModelLoadPlan(config.model().bundle(), new InferenceSettings(
                config.inference().intraOpThreads().orElse(Runtime.getRuntime().availableProcessors()),
                config.inference().optimizationLevel(), config.inference().cpuArena()));
    }

    /**
     * The plan as system properties and environment variables state it, read the way the
     * configuration system will read them (property first, then {@code SIFT_…} variable, then the
     * default). Settings made only in application.properties are not seen here; the mismatch is
     * caught when the real configuration arrives, and the model is then loaded again.
     */
    public static ModelLoadPlan fromEnvironment() {
        int threads = setting("sift.inference.intra-op-threads").map(Integer::parseInt)
                .orElse(Runtime.getRuntime().availableProcessors());
        return new ModelLoadPlan(setting("sift.model.bundle").orElse(DEFAULT_BUNDLE), new InferenceSettings(threads,
                setting("sift.inference.optimization-level").orElse(DEFAULT_OPTIMIZATION_LEVEL),
                Boolean.parseBoolean(setting("sift.inference.cpu-arena").orElse(DEFAULT_CPU_ARENA))));
    }

    private static Optional<String> setting(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(property.toUpperCase().replace('.', '_').replace('-', '_'));
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
