package dev.sift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sift.registry.RegistrySettings;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;

/**
 * SiftConfig read without Quarkus, as the pipeline and serving's pre-boot code read it: from an
 * application.properties on the class path, environment variables by the standard mapping and
 * system properties, in Quarkus's order.
 */
class SiftConfigReaderTest {
    @TempDir
    Path classpathRoot;
    private URLClassLoader classLoader;

    @BeforeEach
    void aClassPathWithAnApplicationProperties() throws IOException {
        Files.writeString(classpathRoot.resolve("application.properties"), """
                sift.registry.cache=/srv/from-application-properties
                sift.pipeline.promote-tolerance=0.01
                %aws.sift.feedback.redact=true
                """);
        classLoader = new URLClassLoader(new URL[] {classpathRoot.toUri().toURL()}, getClass().getClassLoader());
    }

    @AfterEach
    void close() throws IOException {
        classLoader.close();
    }

    private SiftConfig read(ConfigSource... extra) {
        return SiftConfigReader.read(classLoader, true, List.of(extra));
    }

    /** As the process environment would hold them; one above the real environment's ordinal so these win over it. */
    private static EnvConfigSource environment(Map<String, String> variables) {
        return new EnvConfigSource(variables, EnvConfigSource.ORDINAL + 1);
    }

    @Test
    void aRegistrySettingInApplicationPropertiesIsHonoured() {
        SiftConfig config = read();

        assertEquals(Optional.of("/srv/from-application-properties"), config.registry().cache());
        assertEquals(Path.of("/srv/from-application-properties"), RegistrySettings.of(config.registry()).cacheRoot());
        assertEquals(0.01, config.pipeline().promoteTolerance());
    }

    @Test
    void environmentVariablesMapToKeysByTheStandardRuleAndWinOverApplicationProperties() {
        SiftConfig config = read(environment(Map.of(
                "SIFT_REGISTRY_CACHE", "/srv/from-env",
                "SIFT_REGISTRY_S3_FORCE_PATH_STYLE", "true",
                "SIFT_PIPELINE_MODEL_REGISTRY", "s3://models/registry",
                "SIFT_INFERENCE_INTRA_OP_THREADS", "3")));

        assertEquals(Optional.of("/srv/from-env"), config.registry().cache());
        assertTrue(config.registry().s3().forcePathStyle());
        assertEquals(Optional.of("s3://models/registry"), config.pipeline().modelRegistry());
        assertEquals(3, config.inference().intraOpThreads().getAsInt());
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironment() {
        System.setProperty("sift.registry.cache", "/srv/from-property");
        try {
            SiftConfig config = read(environment(Map.of("SIFT_REGISTRY_CACHE", "/srv/from-env")));
            assertEquals(Optional.of("/srv/from-property"), config.registry().cache());
        } finally {
            System.clearProperty("sift.registry.cache");
        }
    }

    @Test
    void unsetSettingsTakeTheMappingsDefaultsWithExpressionsResolved() {
        SiftConfig config = read();

        assertEquals(SiftConfig.DEFAULT_BUNDLE, config.model().bundle());
        assertEquals(Optional.empty(), config.pipeline().trainingData());
        assertEquals("file:" + System.getProperty("user.home") + "/.sift/feedback", config.feedback().store());
    }

    @Test
    void theQuarkusProfileSelectsProfileKeys() {
        assertFalse(read().feedback().redact(), "prod profile");
        assertTrue(read(environment(Map.of("QUARKUS_PROFILE", "aws"))).feedback().redact());
    }

    @Test
    void anUnknownSiftKeyIsRefusedUnlessQuarkusIsAboutToRefuseIt() {
        ConfigSource typo = new PropertiesConfigSource(Map.of("sift.registry.cahce", "/srv"), "typo", 400);

        var e = assertThrows(RuntimeException.class, () -> read(typo));
        assertTrue(e.getMessage().contains("sift.registry.cahce"), e.getMessage());
        assertEquals(Optional.of("/srv/from-application-properties"),
                SiftConfigReader.read(classLoader, false, List.of(typo)).registry().cache());
    }
}
