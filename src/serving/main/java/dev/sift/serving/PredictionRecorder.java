package dev.sift.serving;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.sift.config.SiftConfig;
import dev.sift.feedback.FeedbackStores;
import dev.sift.model.Prediction;
import dev.sift.model.TextClassifier;
import dev.sift.predictions.PredictionLog;
import dev.sift.predictions.PredictionRecord;
import dev.sift.predictions.PredictionRecords;
import io.quarkus.runtime.Startup;

/**
 * Hands a sample of each request's predictions to the prediction log when one is configured
 * ({@code sift.predictions.store}); does nothing otherwise. On Lambda the log writes due batches
 * inline, elsewhere on its own thread ({@link PredictionLog}). Never throws into a request: a
 * record that cannot be built is counted as dropped like one that cannot be written.
 */
@Singleton
@Startup
public class PredictionRecorder {
    private static final Logger LOG = Logger.getLogger(PredictionRecorder.class);

    private final PredictionLog log;
    private final boolean keepText;

    PredictionRecorder(SiftConfig config) {
        SiftConfig.Predictions settings = config.predictions();
        this.keepText = settings.keepText();
        this.log = settings.store().map(uri -> open(uri, settings)).orElse(null);
    }

    private static PredictionLog open(String uri, SiftConfig.Predictions settings) {
        PredictionLog.Flush flush = LambdaEnvironment.taskRoot().isPresent() ? PredictionLog.Flush.INLINE
                : PredictionLog.Flush.BACKGROUND;
        PredictionLog log = new PredictionLog(FeedbackStores.open(uri, new FeedbackStores.S3Options(
                settings.s3().endpoint().map(URI::create), settings.s3().region(), settings.s3().forcePathStyle())),
                settings.sampleRate(), settings.batchSize(), Duration.ofSeconds(settings.maxAgeSeconds()),
                Clock.systemUTC(), flush);
        LOG.infof("prediction log %s: sample rate %s, %d records per object, text %s, written %s", log.location(),
                settings.sampleRate(), settings.batchSize(), settings.keepText() ? "kept (redacted)" : "not kept",
                flush == PredictionLog.Flush.INLINE ? "inline (Lambda)" : "in the background");
        return log;
    }

    public boolean enabled() {
        return log != null;
    }

    /** The log, for tests and shutdown; null when none is configured. */
    public PredictionLog log() {
        return log;
    }

    public void record(String function, TextClassifier classifier, List<String> texts, List<Prediction> predictions) {
        if (log == null) {
            return;
        }
        try {
            List<PredictionRecord> sampled = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                if (log.sample()) {
                    sampled.add(PredictionRecords.of(log.clock().instant(), function, classifier, texts.get(i),
                            predictions.get(i), keepText));
                }
            }
            log.add(sampled);
        } catch (RuntimeException e) {
            LOG.warnf("prediction log: a record could not be built: %s", e.toString());
        }
    }

    @PreDestroy
    void close() {
        if (log != null) {
            log.close();
            LOG.infof("prediction log %s closed: %d records written, %d dropped", log.location(), log.written(),
                    log.dropped());
        }
    }
}
