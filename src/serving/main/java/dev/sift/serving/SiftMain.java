package dev.sift.serving;

import java.util.Optional;

import dev.sift.config.SiftConfig;
import dev.sift.config.SiftConfigReader;
import dev.sift.model.OnnxRuntimeNatives;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** The packaged application's entry point: starts the model load, then boots Quarkus beside it; a failed start exits only once the load has ended (FailedStart). */
@QuarkusMain
public class SiftMain {
    public static void main(String... args) {
        Optional<SiftConfig> config = SiftConfigReader.readBeforeQuarkus();
        // Only here, in the packaged application: a JVM can load one native library file into one
        // class loader only, and the test harness runs several class loaders in one JVM.
        OnnxRuntimeNatives.usePackaged(LambdaEnvironment.taskRoot()); // in a native Lambda package: the copy the zip carries
        // Without a readable configuration Quarkus refuses to start in a moment; nothing to cache for.
        OnnxRuntimeNatives.prepare(config.map(c -> c.onnxruntime().cacheNatives()).orElse(false));
        EarlyModelLoad.beginFromConfiguration(config);
        FailedStart.exitOnlyOnceTheModelLoadHasEnded();
        Quarkus.run(args);
    }
}
