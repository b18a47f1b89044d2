package dev.sift.serving;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

/**
 * Where a cold start's time went, logged at INFO in one line when the first classify answer is
 * ready (the cold-start issue's breakdown; {@code make coldstart-compare} prints it beside its
 * medians). Two threads run at once after the entry point: the model load (configuration read,
 * natives in the packaged app, bundle read, integrity check, ONNX Runtime environment, session,
 * first inference) and Quarkus's boot, so the steps of one are not to be added to the other's. Everything is a timestamp taken where the step ends;
 * the line is put together only after the first answer, off the start-up path.
 */
public final class StartupTimeline {
    private static final Logger LOG = Logger.getLogger(StartupTimeline.class);
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private static volatile long entryNanos;
    private static volatile String entryPoint = "main";
    private static volatile long configurationMillis = -1;
    private static volatile long nativesMillis = -1;
    private static volatile EarlyModelLoad.LoadedModel model;
    private static volatile long bootedNanos;

    private StartupTimeline() {
    }

    /** The first sift code of the process: the packaged app's main or a Lambda handler's class initialisation. */
    public static void entered(String what) {
        if (entryNanos == 0) {
            entryNanos = System.nanoTime();
            entryPoint = what;
        }
    }

    /** The configuration was read before Quarkus boots (SiftConfigReader), on the model load's thread. */
    static void configurationRead(long sinceNanos) {
        configurationMillis = (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    /** ONNX Runtime's libraries are in place (extracted and checked, or the Lambda zip's own). */
    public static void nativesReady(long sinceNanos) {
        nativesMillis = (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    static void modelLoaded(EarlyModelLoad.LoadedModel loaded) {
        model = loaded;
    }

    /** Quarkus has booted (its StartupEvent). */
    static void booted() {
        if (bootedNanos == 0) {
            bootedNanos = System.nanoTime();
        }
    }

    /** The first classify answer is ready: logs the breakdown, once per process. */
    public static void firstAnswer() {
        // Every classify passes here: a plain read keeps the steady state free of a failing CAS.
        if (LOGGED.get() || entryNanos == 0 || !LOGGED.compareAndSet(false, true)) {
            return;
        }
        long answered = System.nanoTime();
        EarlyModelLoad.LoadedModel m = model;
        // The process's age from /proc (10 ms resolution), less the time since the entry point.
        OptionalLong age = ProcessAge.millis();
        long jvmToEntry = age.isPresent() ? Math.max(0, age.getAsLong() - (System.nanoTime() - entryNanos) / 1_000_000) : -1;
        LOG.infof("cold start: JVM start to %s %d ms; configuration %d ms; ONNX Runtime natives %d ms; model load thread: bundle read %d ms"
                + " (integrity check %d ms of it), ORT environment %d ms, session %d ms, first inference %d ms;"
                + " Quarkus boot %d ms; first answer %d ms after %s, %d ms after JVM start",
                entryPoint, jvmToEntry, configurationMillis, nativesMillis,
                m == null ? -1 : m.readMillis(), m == null ? -1 : m.verifyMillis(), m == null ? -1 : m.environmentMillis(),
                m == null ? -1 : m.sessionMillis(), m == null ? -1 : m.warmUpMillis(),
                bootedNanos == 0 ? -1 : (bootedNanos - entryNanos) / 1_000_000,
                (answered - entryNanos) / 1_000_000, entryPoint,
                jvmToEntry < 0 ? -1 : jvmToEntry + (answered - entryNanos) / 1_000_000);
    }
}
