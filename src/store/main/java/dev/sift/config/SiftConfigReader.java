package dev.sift.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SysPropConfigSource;

/**
 * Reads {@link SiftConfig} where Quarkus does not: the pipeline's tools and Lambda handlers, and
 * serving's entry points before Quarkus boots (the early model load). Through SmallRye Config, the
 * library Quarkus reads it with, from the sources Quarkus reads it from, in Quarkus's order: system
 * properties (400), environment variables by the standard mapping (300), {@code application.properties}
 * on the class path (250), then the mapping's defaults; {@code ${…}} expressions and
 * {@code %profile.} keys as Quarkus resolves them (the profile from {@code quarkus.profile} /
 * {@code QUARKUS_PROFILE}, else {@code prod}). Quarkus's other sources (a {@code .env} file,
 * {@code config/application.properties} in the working directory) are not read here.
 *
 * <p>Values are read afresh at every call (no cache): the pipeline reads them once per step, and
 * tests change system properties between calls.
 */
public final class SiftConfigReader {
    /** Quarkus's ordinal for application.properties on the class path. */
    static final int APPLICATION_PROPERTIES_ORDINAL = 250;
    private static final String PROFILE = "quarkus.profile";

    private SiftConfigReader() {
    }

    /** The configuration, refusing a {@code sift.*} key that maps to no setting (as Quarkus does). */
    public static SiftConfig read() {
        return read(SiftConfigReader.class.getClassLoader(), true, List.of());
    }

    /**
     * The configuration as far as it can be read before Quarkus boots; empty when a value is
     * malformed. An unknown key is not refused here: Quarkus refuses it moments later with its own
     * message, and the early work must not stand in the way of that report.
     */
    public static Optional<SiftConfig> readBeforeQuarkus() {
        try {
            return Optional.of(read(SiftConfigReader.class.getClassLoader(), false, List.of()));
        } catch (RuntimeException malformed) {
            // e.g. SIFT_INFERENCE_INTRA_OP_THREADS=abc: Quarkus reports the setting properly during start-up.
            return Optional.empty();
        }
    }

    /**
     * {@code classLoader}'s application.properties; {@code extra} sources (tests) take their places
     * among the others by ordinal.
     */
    static SiftConfig read(ClassLoader classLoader, boolean refuseUnknownKeys, List<ConfigSource> extra) {
        List<ConfigSource> sources = new ArrayList<>();
        sources.add(new SysPropConfigSource());
        sources.add(new EnvConfigSource(System.getenv(), EnvConfigSource.ORDINAL));
        sources.addAll(applicationProperties(classLoader));
        sources.addAll(extra);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .forClassLoader(classLoader)
                .addDefaultInterceptors()
                .withSources(sources)
                .withProfile(profile(sources))
                .withMapping(SiftConfig.class)
                .withValidateUnknown(refuseUnknownKeys)
                .build();
        return config.getConfigMapping(SiftConfig.class);
    }

    private static List<ConfigSource> applicationProperties(ClassLoader classLoader) {
        List<ConfigSource> found = new ArrayList<>();
        try {
            for (URL url : Collections.list(classLoader.getResources("application.properties"))) {
                found.add(new PropertiesConfigSource(url, APPLICATION_PROPERTIES_ORDINAL));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties: " + e.getMessage(), e);
        }
        return found;
    }

    /** The profile the highest-ordinal source names, as Quarkus picks it; {@code prod} by default. */
    private static String profile(List<ConfigSource> sources) {
        return sources.stream().sorted(Comparator.comparingInt(ConfigSource::getOrdinal).reversed())
                .map(source -> source.getValue(PROFILE)).filter(v -> v != null && !v.isBlank())
                .findFirst().orElse("prod");
    }
}
