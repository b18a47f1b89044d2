package dev.sift.serving;

import dev.sift.config.SiftConfigReader;
import dev.sift.model.OnnxRuntimeNatives;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** The packaged application's entry point: starts the model load, then boots Quarkus beside it; a failed start exits only once the load has ended (FailedStart). */
@QuarkusMain
public class SiftMain {
    /** What Quarkus's own launcher (QuarkusEntryPoint) sets before anything logs; sift-run.jar has no such launcher. */
    static final String LOG_MANAGER = "org.jboss.logmanager.LogManager";
    static final String LOGGING_PROVIDER = "org.jboss.logging.provider";

    public static void main(String... args) {
        // Before the first log call: java.util.logging reads it once. Unset only under sift-run.jar
        // (run.sh); quarkus-run.jar's launcher has set it already.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", LOG_MANAGER);
        }
        // JBoss Logging's provider named, as it would find it anyway: otherwise its first logger
        // searches the class path with a ServiceLoader first (opening every jar on it), on the
        // main thread before Quarkus boots.
        if (System.getProperty(LOGGING_PROVIDER) == null) {
            System.setProperty(LOGGING_PROVIDER, "jboss");
        }
        // Only here, in the packaged application: a JVM can load one native library file into one
        // class loader only, and the test harness runs several class loaders in one JVM.
        StartupTimeline.entered("main");
        OnnxRuntimeNatives.usePackaged(LambdaEnvironment.taskRoot()); // in a native Lambda package: the copy the zip carries
        OnnxRuntimeNatives.useBesideApplication(PackagedApplication.directory()); // make run's artifact: the copy beside its jar
        // On the load's thread, once the configuration is read; nothing else touches ONNX Runtime
        // before ClassifierService, which waits for that load. (Without a readable configuration
        // Quarkus refuses to start in a moment; nothing is cached then.)
        EarlyModelLoad.beginFromConfiguration(SiftConfigReader::readBeforeQuarkus, config -> {
            long natives = System.nanoTime();
            OnnxRuntimeNatives.prepare(config.onnxruntime().cacheNatives());
            StartupTimeline.nativesReady(natives);
        });
        FailedStart.exitOnlyOnceTheModelLoadHasEnded();
        Quarkus.run(args);
    }
}
