package dev.sift.serving;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

import dev.sift.model.TextClassifier;
import io.quarkus.runtime.StartupEvent;

/**
 * Primes the model before a Lambda SnapStart snapshot (JVM functions on a managed Java runtime).
 * The init phase already loads the model and runs one warm-up inference; just before the
 * checkpoint this runs requests of the shapes real traffic has (short and long texts, a batch,
 * preprocessing), so the JIT-compiled code paths, ONNX Runtime's kernels and the tokenizer's lazily
 * built structures are all in the snapshot and the first request after a restore pays for none of
 * them. Outside SnapStart (or any CRaC checkpoint) it never runs: {@code org.crac} is then a no-op.
 */
@ApplicationScoped
public class SnapStartPriming implements Resource {
    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);
    static final int ROUNDS = 20;
    private static final List<String> TEXTS = List.of(
            "房间干净，服务很好。",
            "前台态度恶劣，等了一个小时才办好入住，再也不来了。",
            "位置不错，离地铁站很近，早餐种类也多，不过隔音一般，晚上能听到走廊的声音，总体还算满意，下次还会考虑。");

    private final ClassifierService service;

    SnapStartPriming(ClassifierService service) {
        this.service = service;
    }

    // After ClassifierService's own start-up observer (default priority), so the model is loaded.
    void register(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.LIBRARY_AFTER) StartupEvent event) {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        prime(service.classifier());
        LOG.infof("primed the model for the snapshot: %d rounds in %d ms", ROUNDS, (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the model holds no connections, credentials or random state.
    }

    static void prime(TextClassifier classifier) {
        int labels = classifier.info().labels().size();
        for (int round = 0; round < ROUNDS; round++) {
            for (String text : TEXTS) {
                classifier.classify(List.of(text), labels);
            }
            classifier.classify(TEXTS, labels);
            classifier.preprocess(TEXTS, classifier.encoder().maxLength());
        }
    }
}
