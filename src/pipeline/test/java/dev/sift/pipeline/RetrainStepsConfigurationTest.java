package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The retrain steps' settings come from SiftConfig ({@code sift.pipeline.*}, {@code sift.registry.*}),
 * read as every other setting is: here as system properties; the environment-variable mapping
 * (SIFT_PIPELINE_MODEL_REGISTRY, ...) is SiftConfigReaderTest's, and PipelineZipIT runs the zip
 * with no variables set.
 */
class RetrainStepsConfigurationTest {
    private static final List<String> KEYS = List.of("sift.pipeline.model-registry", "sift.pipeline.training-data",
            "sift.pipeline.feedback-store", "sift.pipeline.promote-tolerance", "sift.registry.s3.endpoint",
            "sift.registry.s3.region", "sift.no-such-setting");

    @AfterEach
    void clear() {
        KEYS.forEach(System::clearProperty);
    }

    private static void set(Map<String, String> settings) {
        settings.forEach(System::setProperty);
    }

    @Test
    void readsTheStepsLocationsFromThePipelineGroup() {
        set(Map.of("sift.pipeline.model-registry", "s3://models/registry",
                "sift.pipeline.training-data", "s3://models/training",
                "sift.pipeline.feedback-store", "s3://feedback/feedback",
                "sift.pipeline.promote-tolerance", "0.02",
                "sift.registry.s3.endpoint", "http://127.0.0.1:9",
                "sift.registry.s3.region", "eu-west-1"));

        RetrainSteps.Settings settings = RetrainSteps.fromConfiguration();

        assertEquals("s3://models/registry/", settings.registry().toString());
        assertEquals("s3://models/training/", settings.trainingData().toString());
        assertEquals("s3://feedback/feedback", settings.feedbackStore());
        assertEquals(0.02, settings.tolerance());
        assertEquals("http://127.0.0.1:9", settings.s3().endpoint().orElseThrow().toString());
        assertEquals("eu-west-1", settings.s3().region().id());
    }

    @Test
    void optionalLocationsAreAbsentAndTheToleranceHasItsDefault() {
        set(Map.of("sift.pipeline.model-registry", "s3://models/registry"));

        RetrainSteps.Settings settings = RetrainSteps.fromConfiguration();

        assertNull(settings.trainingData());
        assertNull(settings.feedbackStore());
        assertEquals(0.005, settings.tolerance());
    }

    @Test
    void aMissingRegistryIsAnErrorNamingTheVariableAndTheKey() {
        var e = assertThrows(IllegalStateException.class, RetrainSteps::fromConfiguration);
        assertEquals("SIFT_PIPELINE_MODEL_REGISTRY is not set (sift.pipeline.model-registry)", e.getMessage());
    }

    @Test
    void anUnknownSiftKeyIsRefusedWithItsName() {
        set(Map.of("sift.pipeline.model-registry", "s3://models/registry", "sift.no-such-setting", "1"));
        var e = assertThrows(RuntimeException.class, RetrainSteps::fromConfiguration);
        assertTrue(e.getMessage().contains("sift.no-such-setting"), e.getMessage());
    }
}
