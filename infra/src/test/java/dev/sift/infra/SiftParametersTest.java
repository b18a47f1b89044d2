package dev.sift.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sift.infra.SiftParameters.Flavour;
import dev.sift.infra.SiftParameters.ServingFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

/** Context parsing alone: no stacks are built here, so these run in milliseconds. */
class SiftParametersTest {

    private static SiftParameters read(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(Map.of(
                "lambdaZip", TestApps.zip("sift-lambda.zip").toString(),
                "httpZip", TestApps.zip("sift-lambda-http.zip").toString(),
                "pipelineZip", TestApps.zip("sift-pipeline-lambda.zip").toString()));
        all.putAll(context);
        return SiftParameters.fromContext(App.Builder.create().context(all).build().getNode());
    }

    @Test
    void defaultsAreTheJvmCanaryIamAndWeekly() {
        SiftParameters p = read(Map.of());
        assertEquals("Sift", p.prefix());
        assertEquals(Flavour.JVM, p.flavour());
        assertEquals("java21", p.javaRuntime());
        assertEquals("Canary10Percent5Minutes", p.deploymentConfig());
        assertEquals(false, p.jwtOnFeedback());
        assertEquals(2048, p.memoryMb().get(ServingFunction.CLASSIFY));
        assertEquals(0, p.reservedConcurrency().get(ServingFunction.CLASSIFY));
        assertEquals("cron(0 3 ? * MON *)", p.retrainSchedule());
        assertEquals(1000, p.feedbackThreshold());
        assertEquals(30, p.logRetentionDays());
        assertEquals(256, p.batchMaxItemsPerBatch());
        assertEquals(10, p.batchMaxConcurrency());
        assertEquals(1, p.batchToleratedFailurePercentage());
        assertEquals(2048, p.batchMemoryMb());
        assertEquals(1.0, p.predictionSampleRate());
        assertTrue(p.predictionLog());
        assertEquals(false, p.predictionKeepText());
        assertEquals(0.7, p.minMeanConfidence());
        assertEquals(0.2, p.maxAbstentionRate());
        assertEquals("cron(30 2 * * ? *)", p.monitorSchedule());
    }

    @Test
    void predictionLogSettingsAreSharesAndZeroTurnsTheLogOff() {
        assertEquals(false, read(Map.of("predictionSampleRate", "0")).predictionLog());
        assertEquals(0.05, read(Map.of("predictionSampleRate", 0.05)).predictionSampleRate());
        assertEquals(0.05, read(Map.of("predictionSampleRate", "0.05")).predictionSampleRate());
        assertEquals(true, read(Map.of("predictionKeepText", "true")).predictionKeepText());
        var e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("predictionSampleRate", "1.5")));
        assertEquals("predictionSampleRate must be between 0 and 1, got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("predictionSampleRate", "often")));
        assertEquals("context 'predictionSampleRate' must be a number, got 'often'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("minMeanConfidence", "NaN")));
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("maxAbstentionRate", "-0.1")));
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("predictionKeepText", "yes")));
    }

    @Test
    void nativeIsTheOptIn() {
        assertEquals(Flavour.NATIVE, read(Map.of("runtime", "native")).flavour());
    }

    @Test
    void bundledJvmDeploysTheBundledZipsUnlessToldOtherwise() {
        assertEquals(Flavour.BUNDLED_JVM, read(Map.of("runtime", "bundled-jvm")).flavour());
        assertEquals("../dist/sift-lambda-bundled.zip", SiftParameters.defaultServingZip("sift-lambda", Flavour.BUNDLED_JVM));
        assertEquals("../dist/sift-lambda-http-bundled.zip", SiftParameters.defaultServingZip("sift-lambda-http", Flavour.BUNDLED_JVM));
        assertEquals("../dist/sift-lambda.zip", SiftParameters.defaultServingZip("sift-lambda", Flavour.JVM));
        assertEquals("../dist/sift-lambda.zip", SiftParameters.defaultServingZip("sift-lambda", Flavour.NATIVE));
        var e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("runtime", "graal")));
        assertEquals("runtime must be jvm, native or bundled-jvm, got 'graal'", e.getMessage());
    }

    @Test
    void numbersFromCdkJsonAndFromTheCommandLineReadAlike() {
        assertEquals(3008, read(Map.of("classifyMemoryMb", 3008)).memoryMb().get(ServingFunction.CLASSIFY));
        assertEquals(3008, read(Map.of("classifyMemoryMb", "3008")).memoryMb().get(ServingFunction.CLASSIFY));
        assertEquals(1536, read(Map.of("memoryMb", "1536")).memoryMb().get(ServingFunction.FEEDBACK));
        var e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("apiRateLimit", "fast")));
        assertEquals("context 'apiRateLimit' must be a whole number, got 'fast'", e.getMessage());
    }

    @Test
    void aMissingZipNamesTheContextKeyToSet() {
        var e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("httpZip", "/nonexistent/sift-lambda-http.zip")));
        assertTrue(e.getMessage().startsWith("httpZip '/nonexistent/sift-lambda-http.zip' is not a file"), e.getMessage());
        assertTrue(e.getMessage().contains("-c httpZip="), e.getMessage());
    }

    @Test
    void jwtNeedsIssuerAndAudienceTogether() {
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("jwtIssuer", "https://login.example.com/")));
        SiftParameters p = read(Map.of("jwtIssuer", "https://login.example.com/", "jwtAudience", "a, b"));
        assertEquals(List.of("a", "b"), p.jwtAudience());
        assertTrue(p.jwtOnFeedback());
    }

    @Test
    void badChoicesAreRefusedWithTheAllowedValues() {
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("runtime", "wasm")));
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("authAllRoutes", "yes")));
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("prefix", "sift-dev")));
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("feedbackThreshold", "0")));
        var e = assertThrows(IllegalArgumentException.class, () -> Retention.days(45));
        assertTrue(e.getMessage().contains("30, 60"), e.getMessage());
    }

    @Test
    void batchSettingsOutsideWhatStepFunctionsAndLambdaAcceptAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("batchMaxConcurrency", "0")));
        assertTrue(e.getMessage().startsWith("batchMaxConcurrency must be between 1 and 10000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("batchToleratedFailurePercentage", "101")));
        assertTrue(e.getMessage().startsWith("batchToleratedFailurePercentage must be between 0 and 100"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("batchMemoryMb", "64")));
        assertTrue(e.getMessage().startsWith("batchMemoryMb must be between 128 and 10240"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("batchMaxItemsPerBatch", "0")));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        // classifyBatch refuses batches of more than 2,000 items (ClassifyBatchFunction.MAX_ITEMS).
        e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("batchMaxItemsPerBatch", "2001")));
        assertTrue(e.getMessage().startsWith("batchMaxItemsPerBatch must be between 1 and 2000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("batchMaxItemsPerBatch", "lots")));
        assertEquals("context 'batchMaxItemsPerBatch' must be a whole number, got 'lots'", e.getMessage());
        assertEquals(0, read(Map.of("batchToleratedFailurePercentage", 0)).batchToleratedFailurePercentage());
    }
}
