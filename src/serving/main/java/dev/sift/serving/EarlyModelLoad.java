package dev.sift.serving;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import ai.onnxruntime.OrtEnvironment;

import dev.sift.config.SiftConfig;
import dev.sift.config.SiftConfigReader;
import dev.sift.model.ModelBundle;
import dev.sift.model.TextClassifier;
import dev.sift.registry.BundleLocations;

/**
 * Starts loading the model on its own thread the moment the process starts, so that reading and
 * verifying the bundle, creating the ONNX session and warming it up overlap with the framework's
 * own boot instead of following it: on two cores that takes cold start from their sum to about
 * the larger of the two. {@link ClassifierService} takes the result if it was loaded for the
 * configuration that is actually in force, and loads again otherwise.
 *
 * <p>A start-up that fails meanwhile (a bad setting, a port in use) exits the JVM while this thread
 * may be inside ONNX Runtime's native session creation; the exit's shutdown hooks then release ONNX
 * Runtime's environment under it, and the process can die with SIGSEGV instead of exit code 1 and
 * the reason. So a failed start ({@link FailedStart}) first calls {@link #endBeforeExit}: a load
 * still running stops at its next step, and the native call in progress (a session creation
 * cannot be interrupted) is waited for, at most {@link #EXIT_WAIT}.
 */
public final class EarlyModelLoad {
    static final String WARM_UP_TEXT = "房间干净，服务很好。";
    /** Longer than any session creation seen here (seconds for the default bundle on a loaded machine). */
    static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private static volatile Started started;
    private static final Set<Started> RUNNING = ConcurrentHashMap.newKeySet();

    /** {@code plan} completes with null when the configuration could not be read before Quarkus boots. */
    private record Started(CompletableFuture<ModelLoadPlan> plan, CompletableFuture<LoadedModel> result,
            long startNanos, AtomicBoolean exiting) {
        // Identity: each start is its own. A record's generated hashCode would also link an
        // invokedynamic call site (ObjectMethods) at its first use, in RUNNING.add on the main
        // thread at start: ~5 ms interpreted, 3% of main's samples in a profile of a start.
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * A classifier ready to serve and what its load cost: reading the bundle (of which verifying
     * SHA-256s), creating ONNX Runtime's environment, the session (with the tokenizer and any label
     * examples), and the first inference.
     */
    public record LoadedModel(TextClassifier classifier, String bundleLocation, long readMillis, long verifyMillis,
            long environmentMillis, long sessionMillis, long warmUpMillis, String modelSource) {
    }

    private EarlyModelLoad() {
    }

    /**
     * Starts the load the configuration asks for, read before Quarkus boots ({@code readConfig}:
     * {@link SiftConfigReader#readBeforeQuarkus}, the same sources and keys Quarkus reads); for
     * entry points (SiftMain, the Lambda handlers) that run before Quarkus boots. The configuration
     * is read on the load's own thread, like the load itself: in a fresh JVM reading it costs
     * 300-400 ms here (mostly loading SmallRye Config's classes, which Quarkus's boot then finds
     * loaded), and on the caller's thread that would delay both the load and the boot.
     * {@code beforeLoad} runs once the configuration is known, before the load touches ONNX Runtime
     * (SiftMain prepares the native libraries there). A malformed setting skips the head start,
     * and Quarkus reports it properly during start-up.
     */
    public static void beginFromConfiguration(Supplier<Optional<SiftConfig>> readConfig, Consumer<SiftConfig> beforeLoad) {
        Started load = new Started(new CompletableFuture<>(), new CompletableFuture<>(), System.nanoTime(),
                new AtomicBoolean());
        start(load, () -> {
            long reading = System.nanoTime();
            Optional<SiftConfig> config = readConfig.get();
            StartupTimeline.configurationRead(reading);
            ModelLoadPlan plan = config.map(ModelLoadPlan::of).orElse(null);
            load.plan().complete(plan);
            if (plan == null) {
                throw new CancellationException("the configuration could not be read before Quarkus boots");
            }
            // ClassifierService compares this plan with the one in force (take), on the main thread,
            // which is the longer of the two at start. Each record type's first equals links an
            // invokedynamic call site (ObjectMethods), ~5 ms in all interpreted: linked here instead,
            // against an equal plan of distinct parts, so that every nested record's equals runs.
            plan.equals(ModelLoadPlan.of(config.get()));
            beforeLoad.accept(config.get());
            return plan;
        });
    }

    public static void begin(ModelLoadPlan plan) {
        Started load = new Started(CompletableFuture.completedFuture(plan), new CompletableFuture<>(), System.nanoTime(),
                new AtomicBoolean());
        start(load, () -> plan);
    }

    private static void start(Started load, Supplier<ModelLoadPlan> plan) {
        Thread loader = new Thread(() -> {
            try {
                load.result().complete(load(plan.get(), load.exiting()::get));
            } catch (Throwable e) {
                load.plan().complete(null); // no-op once the plan is known
                load.result().completeExceptionally(e);
            } finally {
                RUNNING.remove(load);
            }
        }, "sift-model-load");
        loader.setDaemon(true);
        started = load;
        RUNNING.add(load);
        loader.start();
    }

    /**
     * Before a failed start exits: stops the loads still running at their next step and waits for
     * them to end (see the class comment). Plain stderr, because the failure may have come before
     * logging was set up.
     */
    static void endBeforeExit() {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        for (Started load : RUNNING) {
            load.exiting().set(true);
            try {
                load.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException failedOrStopped) {
                // ended: that is all the exit needs
            } catch (TimeoutException e) {
                System.err.printf("sift: start-up failed while the model load was still running; it did not end within"
                        + " %d s, exiting anyway%n", EXIT_WAIT.toSeconds());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            System.err.printf("sift: start-up failed while the model load was still running; it ended %d ms after"
                    + " it began, before the process exits%n", (System.nanoTime() - load.startNanos()) / 1_000_000);
        }
    }

    /** The early load if it was made for {@code plan}; waits for it to finish and rethrows its failure. */
    static Optional<LoadedModel> take(ModelLoadPlan plan) {
        Started early = started;
        started = null;
        if (early == null) {
            return Optional.empty();
        }
        if (!plan.equals(early.plan().join())) {
            early.result().thenAccept(m -> m.classifier().close());
            return Optional.empty();
        }
        try {
            return Optional.of(early.result().join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    static LoadedModel load(ModelLoadPlan plan) {
        return load(plan, () -> false);
    }

    /** Checks {@code exiting} before each native step, so that an exit waits for one step at most. */
    private static LoadedModel load(ModelLoadPlan plan, BooleanSupplier exiting) {
        long start = System.nanoTime();
        ModelBundle bundle = BundleLocations.load(plan.bundle(), plan.registry());
        long read = System.nanoTime();
        stopIf(exiting);
        // Its own step only to be timed apart: the session below would create it (once per process).
        OrtEnvironment.getEnvironment();
        long environment = System.nanoTime();
        TextClassifier classifier = TextClassifier.load(bundle, plan.settings());
        long session = System.nanoTime();
        try {
            stopIf(exiting);
            classifier.classify(List.of(WARM_UP_TEXT), 1);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
        long warm = System.nanoTime();
        return new LoadedModel(classifier, bundle.location(), (read - start) / 1_000_000, bundle.verifyMillis(),
                (environment - read) / 1_000_000, (session - environment) / 1_000_000, (warm - session) / 1_000_000,
                // Which way ONNX Runtime got the model: from a file it read itself, or as bytes read through the JVM.
                bundle.modelPath().map(p -> "file " + p).orElse("bytes read from the bundle")
                        + "; tokenizer from " + classifier.tokenizerSource());
    }

    private static void stopIf(BooleanSupplier exiting) {
        if (exiting.getAsBoolean()) {
            throw new CancellationException("the process is exiting");
        }
    }
}
