package dev.sift.serving;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.sift.config.SiftConfig;
import dev.sift.model.BundleManifest;
import dev.sift.model.OnnxRuntimeNatives;
import dev.sift.model.TextClassifier;
import io.quarkus.runtime.StartupEvent;

/**
 * Owns the one classifier of this process. The bundle is loaded and verified, the ONNX session
 * created and a warm-up inference run before the application reports started, so no request
 * ever pays for them; a bundle that cannot be loaded stops the start-up with the reason, rather
 * than serving errors.
 */
@ApplicationScoped
public class ClassifierService {
    private static final Logger LOG = Logger.getLogger(ClassifierService.class);

    private final SiftConfig config;
    private volatile TextClassifier classifier;

    ClassifierService(SiftConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        StartupTimeline.booted();
        long waitStart = System.nanoTime();
        // On Lambda nothing ran SiftMain: the handler class boots Quarkus, and this is the first
        // point at which sift's code runs, before anything touches ONNX Runtime.
        OnnxRuntimeNatives.usePackaged(LambdaEnvironment.taskRoot());
        ModelLoadPlan plan = ModelLoadPlan.of(config);
        EarlyModelLoad.LoadedModel loaded = EarlyModelLoad.take(plan).orElseGet(() -> EarlyModelLoad.load(plan));
        long waited = (System.nanoTime() - waitStart) / 1_000_000;
        classifier = loaded.classifier();
        StartupTimeline.modelLoaded(loaded);
        BundleManifest manifest = classifier.manifest();
        LOG.infof("model %s %s (%s) ready from %s: read+verify %d ms, session+labels %d ms, warm-up %d ms "
                + "(start-up waited %d ms for it), %d intra-op threads; model: %s; ONNX Runtime libraries from %s",
                manifest.name(), manifest.version(), manifest.kind().json(), loaded.bundleLocation(),
                loaded.readMillis(), loaded.environmentMillis() + loaded.sessionMillis(), loaded.warmUpMillis(), waited,
                plan.settings().intraOpThreads(), loaded.modelSource(), System.getProperty("onnxruntime.native.path", "its jar"));
    }

    /** The loaded classifier; start-up fails before any request if it cannot be loaded. */
    public TextClassifier classifier() {
        TextClassifier current = classifier;
        if (current == null) {
            throw new ModelNotReadyException();
        }
        return current;
    }

    public boolean ready() {
        return classifier != null;
    }

    @PreDestroy
    void close() {
        TextClassifier current = classifier;
        if (current != null) {
            current.close();
        }
    }
}
