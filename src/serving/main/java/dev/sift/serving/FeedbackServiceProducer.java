package dev.sift.serving;

import java.net.URI;
import java.time.Clock;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.sift.config.SiftConfig;
import dev.sift.feedback.FeedbackService;
import dev.sift.feedback.FeedbackStore;
import dev.sift.feedback.FeedbackStores;
import io.quarkus.runtime.Startup;

/**
 * Opens the configured feedback store once per process, at start-up: the S3 client (or the store
 * directory) is ready before the first request, which then pays only for its own writes. A
 * deployment that takes no feedback sets {@code sift.feedback.store=none} and opens nothing.
 */
@Singleton
public class FeedbackServiceProducer {
    private static final Logger LOG = Logger.getLogger(FeedbackServiceProducer.class);

    @Produces
    @Singleton
    @Startup
    FeedbackService feedbackService(SiftConfig config) {
        SiftConfig.Feedback feedback = config.feedback();
        long start = System.nanoTime();
        FeedbackStore store = FeedbackStores.open(feedback.store(), new FeedbackStores.S3Options(
                feedback.s3().endpoint().map(URI::create), feedback.s3().region(), feedback.s3().forcePathStyle()));
        if ("none".equals(store.location())) {
            LOG.info("no feedback store (sift.feedback.store=none): this deployment refuses corrections with 403 feedback_disabled");
            return new FeedbackService(store, feedback.redact(), Clock.systemUTC());
        }
        LOG.infof("feedback store %s opened in %d ms (redaction %s, new labels %s)", store.location(),
                (System.nanoTime() - start) / 1_000_000, feedback.redact() ? "on" : "off",
                feedback.allowNewLabels() ? "allowed" : "refused");
        return new FeedbackService(store, feedback.redact(), Clock.systemUTC());
    }

    void close(@Disposes FeedbackService service) {
        service.store().close();
    }
}
