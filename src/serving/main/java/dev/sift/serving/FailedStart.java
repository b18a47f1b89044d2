package dev.sift.serving;

import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.quarkus.runtime.ApplicationLifecycleManager;

/**
 * What a start-up that fails does before the process exits: it lets the early model load end
 * first ({@link EarlyModelLoad#endBeforeExit}), then exits with Quarkus's code and reason.
 *
 * <p>Why not in a shutdown hook: ONNX Runtime's Java binding registers its own hook that releases
 * the native environment, and hooks run concurrently, so a hook that waits for the load only keeps
 * the process alive while the environment is freed under the session being created (that is how
 * the SIGSEGV in OrtSession.createSession happened). The wait has to come before the exit starts.
 */
final class FailedStart {
    private FailedStart() {
    }

    /**
     * For SiftMain, before {@code Quarkus.run}: Quarkus's exit (System.exit, after it has printed
     * why the start failed) happens only once the early load has ended. It wraps the default exit
     * handler rather than passing one to {@code Quarkus.run}, which would leave reporting the
     * failure to it, and so that a test harness's own default handler keeps working.
     */
    static void exitOnlyOnceTheModelLoadHasEnded() {
        BiConsumer<Integer, Throwable> exit = ApplicationLifecycleManager.getDefaultExitCodeHandler();
        ApplicationLifecycleManager.setDefaultExitCodeHandler((code, cause) -> {
            EarlyModelLoad.endBeforeExit();
            exit.accept(code, cause);
        });
    }

    /**
     * For the Lambda handlers: {@code boot} constructs Quarkus's handler, which boots Quarkus. If that
     * fails, the runtime interface client reports an init error and calls System.exit, so the early
     * load must end first; the error then says why in its message (what Lambda shows as the init
     * error's errorMessage), not only in a cause a few frames down the stack trace.
     */
    static <T> T initOrExplain(Supplier<T> boot) {
        try {
            return boot.get();
        } catch (RuntimeException | ExceptionInInitializerError e) {
            EarlyModelLoad.endBeforeExit();
            throw new IllegalStateException("sift did not start: " + reason(e), e);
        }
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
