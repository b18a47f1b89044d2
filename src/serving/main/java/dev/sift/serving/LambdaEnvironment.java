package dev.sift.serving;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the Lambda runtime tells a function about its execution environment. Read from the process
 * environment directly: these variables are the platform's contract, not sift settings, so they
 * are not part of {@code SiftConfig}.
 */
final class LambdaEnvironment {
    private LambdaEnvironment() {
    }

    /** Where the function's zip is unpacked; empty outside Lambda. */
    static Optional<Path> taskRoot() {
        return Optional.ofNullable(System.getenv("LAMBDA_TASK_ROOT")).filter(v -> !v.isBlank()).map(Path::of);
    }
}
