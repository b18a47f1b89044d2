package dev.sift.serving;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The packaged app's directory ({@code target/quarkus-app}, what {@code make run} starts): the
 * folder of its launcher jar when the JVM runs that jar alone, as {@code java -jar} does. Two
 * launchers sit there: Quarkus's {@code quarkus-run.jar}, and {@code sift-run.jar}, the same jars
 * merged into one for the JVM's own class loader (the build writes it with AppJar; make run starts it).
 * Files the build puts beside them (ONNX Runtime's libraries) are found from it; a test JVM or a
 * Lambda runtime has another class path and gets nothing.
 */
final class PackagedApplication {
    static final String RUNNER_JAR = "quarkus-run.jar";
    static final String MERGED_LAUNCHER_JAR = "sift-run.jar";
    private static final Set<String> LAUNCHERS = Set.of(RUNNER_JAR, MERGED_LAUNCHER_JAR);

    private PackagedApplication() {
    }

    static Optional<Path> directory() {
        return directory(System.getProperty("java.class.path", ""));
    }

    static Optional<Path> directory(String classPath) {
        if (classPath.isEmpty() || classPath.contains(File.pathSeparator)) {
            return Optional.empty();
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        if (jar.getFileName() == null || !LAUNCHERS.contains(jar.getFileName().toString())) {
            return Optional.empty();
        }
        return Optional.ofNullable(jar.getParent());
    }
}
