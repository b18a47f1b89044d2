package dev.sift.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.sift.config.SiftConfigReader;
import dev.sift.model.BundleException;
import dev.sift.model.InferenceSettings;
import dev.sift.registry.RegistrySettings;

class EarlyModelLoadTest {
    private static final InferenceSettings ONE_THREAD = new InferenceSettings(1, "all", true);
    private static final RegistrySettings NO_REGISTRY = new RegistrySettings(Path.of("target/registry-cache"),
            Optional.empty(), Optional.empty(), false);

    @Test
    void handsOverTheEarlyLoadWhenTheConfigurationMatches() {
        ModelLoadPlan plan = new ModelLoadPlan("classpath:bundles/tiny-classifier", ONE_THREAD, NO_REGISTRY);
        EarlyModelLoad.begin(plan);
        EarlyModelLoad.LoadedModel loaded = EarlyModelLoad.take(plan).orElseThrow();
        try {
            assertEquals("tiny-classifier", loaded.classifier().info().name());
            assertEquals("positive", loaded.classifier().classify(List.of("好"), 1).get(0).label());
        } finally {
            loaded.classifier().close();
        }
        assertTrue(EarlyModelLoad.take(plan).isEmpty(), "an early load is handed over once");
    }

    @Test
    void discardsTheEarlyLoadWhenTheConfigurationDiffers() {
        EarlyModelLoad.begin(new ModelLoadPlan("classpath:bundles/tiny-classifier", ONE_THREAD, NO_REGISTRY));
        ModelLoadPlan configured = new ModelLoadPlan("classpath:bundles/tiny-classifier",
                new InferenceSettings(2, "all", true), NO_REGISTRY);
        assertTrue(EarlyModelLoad.take(configured).isEmpty());
    }

    @Test
    void rethrowsTheFailureOfTheEarlyLoadSoStartUpStopsWithTheReason() {
        ModelLoadPlan plan = new ModelLoadPlan("/nonexistent/bundle", ONE_THREAD, NO_REGISTRY);
        EarlyModelLoad.begin(plan);
        BundleException e = assertThrows(BundleException.class, () -> EarlyModelLoad.take(plan));
        assertTrue(e.getMessage().contains("/nonexistent/bundle does not exist"), e.getMessage());
    }

    @Test
    void aFailedStartStopsTheLoadAtItsNextStepAndReturnsOnlyOnceItHasEnded() {
        // Session creation takes seconds for this bundle; the exit must neither wait for all of it nor precede it.
        ModelLoadPlan plan = new ModelLoadPlan("classpath:bundles/slow-session-classifier", ONE_THREAD, NO_REGISTRY);
        EarlyModelLoad.begin(plan);
        EarlyModelLoad.endBeforeExit();
        assertThrows(CancellationException.class, () -> EarlyModelLoad.take(plan),
                "the load ended (stopped before its session or its warm-up) by the time endBeforeExit returned");
    }

    @Test
    void readsTheConfigurationOnTheLoadsThreadAndIsTakenForTheSamePlan() {
        System.setProperty("sift.model.bundle", "classpath:bundles/tiny-classifier");
        System.setProperty("sift.inference.intra-op-threads", "1");
        try {
            AtomicReference<String> beforeLoad = new AtomicReference<>();
            EarlyModelLoad.beginFromConfiguration(SiftConfigReader::readBeforeQuarkus,
                    config -> beforeLoad.set(Thread.currentThread().getName()));
            ModelLoadPlan configured = ModelLoadPlan.of(SiftConfigReader.read());

            EarlyModelLoad.LoadedModel loaded = EarlyModelLoad.take(configured).orElseThrow();
            loaded.classifier().close();
            assertEquals("sift-model-load", beforeLoad.get(), "beforeLoad runs on the load's thread");
        } finally {
            System.clearProperty("sift.model.bundle");
            System.clearProperty("sift.inference.intra-op-threads");
        }
    }

    @Test
    void anUnreadableConfigurationLeavesNothingToTakeAndNothingToWaitFor() {
        EarlyModelLoad.beginFromConfiguration(Optional::empty, config -> { });
        EarlyModelLoad.endBeforeExit();
        assertTrue(EarlyModelLoad.take(new ModelLoadPlan("classpath:bundles/tiny-classifier", ONE_THREAD, NO_REGISTRY))
                .isEmpty());
    }

    @Test
    void readsThePlanBeforeQuarkusBootsFromTheSameSettingsAndDefaults() {
        System.setProperty("sift.model.bundle", "/opt/bundle");
        System.setProperty("sift.inference.intra-op-threads", "3");
        System.setProperty("sift.registry.cache", "/var/cache/sift-registry");
        try {
            ModelLoadPlan plan = ModelLoadPlan.of(SiftConfigReader.readBeforeQuarkus().orElseThrow());
            assertEquals("/opt/bundle", plan.bundle());
            assertEquals(3, plan.settings().intraOpThreads());
            assertEquals("all", plan.settings().optimizationLevel(), "the mapping's default");
            assertEquals(Path.of("/var/cache/sift-registry"), plan.registry().cacheRoot());
        } finally {
            System.clearProperty("sift.model.bundle");
            System.clearProperty("sift.inference.intra-op-threads");
            System.clearProperty("sift.registry.cache");
        }
    }

    @Test
    void aMalformedSettingSkipsTheHeadStartAndLeavesTheReportToQuarkus() {
        System.setProperty("sift.inference.intra-op-threads", "abc");
        try {
            assertTrue(SiftConfigReader.readBeforeQuarkus().isEmpty());
        } finally {
            System.clearProperty("sift.inference.intra-op-threads");
        }
    }
}
