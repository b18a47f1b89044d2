package dev.sift.functions;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.sift.config.SiftConfig;

/** Exposes the configured request limits to the functions as immutable values. */
@Singleton
public class LimitsProducer {
    @Produces
    @Singleton
    RequestLimits limits(SiftConfig config) {
        return new RequestLimits(config.limits().maxTexts(), config.limits().maxTextChars());
    }

    @Produces
    @Singleton
    FeedbackRules feedbackRules(SiftConfig config) {
        return new FeedbackRules(config.limits().maxTextChars(), config.feedback().allowNewLabels(),
                config.feedback().maxMetadataKeys(), config.feedback().maxMetadataBytes());
    }
}
