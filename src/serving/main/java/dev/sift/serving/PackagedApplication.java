package dev.sift.serving;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The packaged app's directory ({@code target/quarkus-app}, what {@code make run} starts): the
 * folder of {@code quarkus-run.jar} when the JVM runs that jar alone, as {@code java -jar} does.
 * Files the build puts beside the jar (ONNX Runtime's libraries) are found from it; a test JVM or
 * a Lambda runtime has another class path and gets nothing.
 */
final class PackagedApplication {
    static final String RUNNER_JAR = "quarkus-run.jar";

    private PackagedApplication() {
    }

    static Optional<Path> directory() {
        return directory(System.getProperty("java.class.path", ""));
    }

    static Optional<Path> directory(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(RUNNER_JAR)) {
            return Optional.empty();
        }
        Path parent = Path.of(classPath).toAbsolutePath().getParent();
        return Optional.ofNullable(parent);
    }
}
