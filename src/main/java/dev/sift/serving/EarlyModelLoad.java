package dev.sift.serving;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.sift.model.ModelBundle;
import dev.sift.model.TextClassifier;

/**
 * Starts loading the model on its own thread the moment the process starts, so that reading and
 * verifying the bundle, creating the ONNX session and warming it up overlap with the framework's
 * own boot instead of following it: on two cores that takes cold start from their sum to about
 * the larger of the two. {@link ClassifierService} takes the result if it was loaded for the
 * configuration that is actually in force, and loads again otherwise.
 */
public final class EarlyModelLoad {
    static final String WARM_UP_TEXT = "房间干净，服务很好。";

    private static volatile Started started;

    private record Started(ModelLoadPlan plan, CompletableFuture<LoadedModel> result) {
    }

    /** A classifier ready to serve and what its load cost. */
    public record LoadedModel(TextClassifier classifier, String bundleLocation, long readMillis, long sessionMillis,
            long warmUpMillis) {
    }

    private EarlyModelLoad() {
    }

    /**
     * Starts the load the environment asks for ({@link ModelLoadPlan#fromEnvironment}); for entry
     * points (SiftMain, the Lambda handlers) that run before Quarkus boots.
     */
    public static void beginFromEnvironment() {
        try {
            begin(ModelLoadPlan.fromEnvironment());
        } catch (RuntimeException badSetting) {
            // e.g. SIFT_INFERENCE_INTRA_OP_THREADS=abc: skip the head start and let the configuration
            // system report the setting properly during start-up.
        }
    }

    public static void begin(ModelLoadPlan plan) {
        CompletableFuture<LoadedModel> result = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                result.complete(load(plan));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "sift-model-load");
        loader.setDaemon(true);
        started = new Started(plan, result);
        loader.start();
    }

    /** The early load if it was made for {@code plan}; waits for it to finish and rethrows its failure. */
    static Optional<LoadedModel> take(ModelLoadPlan plan) {
        Started early = started;
        started = null;
        if (early == null) {
            return Optional.empty();
        }
        if (!early.plan().equals(plan)) {
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
        long start = System.nanoTime();
        ModelBundle bundle = ModelBundle.load(plan.bundle());
        long read = System.nanoTime();
        TextClassifier classifier = TextClassifier.load(bundle, plan.settings());
        long session = System.nanoTime();
        try {
            classifier.classify(List.of(WARM_UP_TEXT), 1);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
        long warm = System.nanoTime();
        return new LoadedModel(classifier, bundle.location(), (read - start) / 1_000_000,
                (session - read) / 1_000_000, (warm - session) / 1_000_000);
    }
}
