package dev.sift.serving;

import dev.sift.model.OnnxRuntimeNatives;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** The packaged application's entry point: starts the model load, then boots Quarkus beside it; a failed start exits only once the load has ended (FailedStart). */
@QuarkusMain
public class SiftMain {
    public static void main(String... args) {
        // Only here, in the packaged application: a JVM can load one native library file into one
        // class loader only, and the test harness runs several class loaders in one JVM.
        StartupTimeline.entered("main");
        long natives = System.nanoTime();
        OnnxRuntimeNatives.usePackaged(); // in a native Lambda package: the copy the zip carries
        OnnxRuntimeNatives.prepare();
        StartupTimeline.nativesReady(natives);
        EarlyModelLoad.beginFromEnvironment();
        FailedStart.exitOnlyOnceTheModelLoadHasEnded();
        Quarkus.run(args);
    }
}
