package dev.sift.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Writes {@code quarkus-app/jre}, the Java runtime make run starts the packaged app on: a jlinked
 * image of the given JDK with only the modules the app uses (a build step of the serving pom's http
 * profile, compiled and run by Ant after {@link AppJar}; not part of the application).
 * {@code src/serving/bin/run.sh} takes it when no {@code JAVA} is given, and the Makefile trains
 * make run's AOT cache on it.
 *
 * <p>Why: a JVM on a full JDK boots a module graph of 69 modules, and the JDK's service and locale
 * lookups walk it; this image has 13. make run's cold start, interleaved against the same app on the
 * full Temurin 25 (each with its own AOT cache): 346 → 319 ms on two cores (CPU 540 → 500 ms, Quarkus's
 * boot 198 → 174 ms; 13 rounds), 502 → 482 ms on one (11 rounds). About half of it is the locale data
 * ({@code jdk.localedata}) left out: with it and {@code jdk.charsets}, 324 against 309 ms
 * ({@code src/bench/results/coldstart-levers-2026-12-03.txt}, section 10). So the app formats with
 * the JDK's built-in English and root locale data only, which its logs and JSON need, and decodes
 * only the standard charsets, which JSON (UTF-8) needs.
 *
 * <p>The modules are the bundled-runtime Lambda zips' ({@link BundledJvmZip#MODULES}, which serve
 * the same functions), with {@code jdk.management}: Micrometer's JVM and process binders, off by
 * default, read {@code com.sun.management} when a user turns them on.
 */
public final class AppRuntime {
    static final String MODULES = BundledJvmZip.MODULES + ",jdk.management";
    /** Where in the packaged app: run.sh's default JVM is {@code jre/bin/java} there. */
    static final String IMAGE = "jre";

    private AppRuntime() {
    }

    /** {@code <quarkus-app dir> <JDK home>}. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: AppRuntime <quarkus-app dir> <JDK home with jlink>");
            System.exit(2);
        }
        Path image = Path.of(args[0]).resolve(IMAGE);
        Path jdk = Path.of(args[1]);
        // jlink refuses an existing output directory, and an earlier build's image may be of another JDK.
        BundledJvmZip.deleteTree(image);
        try {
            BundledJvmZip.jlink(jdk, image, MODULES);
        } catch (IllegalStateException e) {
            if (Files.isDirectory(jdk.resolve("jmods"))) {
                throw e;
            }
            // No jmods (Debian ships them apart, in openjdk-N-jmods) and a run-time image not built
            // linkable (JEP 493): this JDK cannot make one, which is no build failure.
            BundledJvmZip.deleteTree(image);
            System.out.printf("No %s: %s cannot jlink (no jmods; its run-time image is not linkable); make run starts"
                    + " on its JAVA%n", image, jdk);
            return;
        }
        System.out.printf("make run's Java runtime: %s, jlinked from %s (%s; %d MB)%n", image, jdk, MODULES,
                size(image) / (1024 * 1024));
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
