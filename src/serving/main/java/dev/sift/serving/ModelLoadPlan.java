package dev.sift.serving;

import dev.sift.config.SiftConfig;
import dev.sift.model.InferenceSettings;
import dev.sift.registry.RegistrySettings;

/**
 * Which bundle to load and how: everything a model load depends on, as plain values, so that a load
 * started before Quarkus boots (from {@code SiftConfigReader}) can be checked against the
 * configuration Quarkus then puts in force.
 */
public record ModelLoadPlan(String bundle, InferenceSettings settings, RegistrySettings registry) {

    public static ModelLoadPlan of(SiftConfig config) {
        return new ModelLoadPlan(config.model().bundle(), new InferenceSettings(
                config.inference().intraOpThreads().orElse(Runtime.getRuntime().availableProcessors()),
                config.inference().optimizationLevel(), config.inference().cpuArena()),
                RegistrySettings.of(config.registry()));
    }
}
