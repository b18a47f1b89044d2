package dev.sift.serving;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.sift.predictions.PredictionLog;
import dev.sift.telemetry.EmfMetrics;
import dev.sift.telemetry.LambdaInvocation;
import dev.sift.telemetry.RequestIds;
import dev.sift.telemetry.ServingMetrics;
import io.quarkus.arc.DefaultBean;

/**
 * The telemetry every build has: on Lambda, metrics as EMF lines on standard output; elsewhere none,
 * unless the build brings its own bean (the HTTP app's Micrometer registry behind /q/metrics). The
 * request id is the Lambda one, unless the build brings a source that knows better (HTTP: the
 * caller's X-Request-Id).
 */
@Singleton
public class TelemetryProducers {

    @Produces
    @DefaultBean
    @Singleton
    ServingMetrics servingMetrics(PredictionRecorder predictions) {
        if (LambdaEnvironment.taskRoot().isEmpty()) {
            return ServingMetrics.NONE;
        }
        PredictionLog log = predictions.log();
        return new EmfMetrics(System.out::println, Clock.systemUTC(), () -> log == null ? 0 : log.dropped());
    }

    @Produces
    @DefaultBean
    @Singleton
    RequestIds requestIds() {
        return LambdaInvocation::requestIdOrNew;
    }
}
