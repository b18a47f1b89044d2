package dev.sift.serving;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.TextClassifier;
import io.quarkus.runtime.StartupEvent;

/**
 * Owns the one classifier of this process: loads and verifies the bundle, creates the ONNX
 * session and runs a warm-up inference at start-up, so no request ever pays for them. A bundle
 * that cannot be loaded stops the start-up with the reason, rather than serving errors.
 */
@ApplicationScoped
public class ClassifierService {
    private static final Logger LOG = Logger.getLogger(ClassifierService.class);
    private static final String WARM_UP_TEXT = "房间干净，服务很好。";

    private final SiftConfig config;
    private volatile TextClassifier classifier;

    ClassifierService(SiftConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        long start = System.nanoTime();
        ModelBundle bundle = ModelBundle.load(config.model().bundle());
        long loaded = System.nanoTime();
        InferenceSettings settings = new InferenceSettings(
                config.inference().intraOpThreads().orElse(Runtime.getRuntime().availableProcessors()),
                config.inference().optimizationLevel(), config.inference().cpuArena());
        TextClassifier loadedClassifier = TextClassifier.load(bundle, settings);
        long sessionReady = System.nanoTime();
        loadedClassifier.classify(List.of(WARM_UP_TEXT), 1);
        long warm = System.nanoTime();
        classifier = loadedClassifier;
        LOG.infof("model %s %s (%s) ready from %s: read+verify %d ms, session+labels %d ms, warm-up %d ms, %d threads",
                bundle.manifest().name(), bundle.manifest().version(), bundle.manifest().kind().json(),
                bundle.location(), (loaded - start) / 1_000_000, (sessionReady - loaded) / 1_000_000,
                (warm - sessionReady) / 1_000_000, settings.intraOpThreads());
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
        if (classifier != null) {
            classifier.close();
        }
    }
}
