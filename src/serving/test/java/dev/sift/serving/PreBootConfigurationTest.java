package dev.sift.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sift.config.SiftConfig;
import dev.sift.config.SiftConfigReader;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Quarkus finds SiftConfig in sift-store (the dependency is indexed), and the configuration the
 * early model load reads before Quarkus boots gives the same plan as the one Quarkus puts in force,
 * so ClassifierService takes the early load instead of loading a second time.
 */
@QuarkusTest
class PreBootConfigurationTest {
    @Inject
    SiftConfig config;

    @Test
    void theEarlyLoadsPlanIsTheOneQuarkusConfigures() {
        assertEquals(ModelLoadPlan.of(config), ModelLoadPlan.of(SiftConfigReader.readBeforeQuarkus().orElseThrow()));
    }

    @Test
    void quarkusReadsTheSharedMappingWithItsDefaults() {
        assertEquals(SiftConfig.DEFAULT_BUNDLE, config.model().bundle());
        assertEquals(0.005, config.pipeline().promoteTolerance());
    }
}
