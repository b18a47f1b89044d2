package dev.sift.telemetry;

/**
 * Where a request's figures go: CloudWatch embedded-metric-format lines on Lambda
 * ({@link EmfMetrics}), Micrometer's registry behind {@code /q/metrics} in the HTTP app. Never
 * throws into a request.
 */
public interface ServingMetrics {
    void record(RequestFacts facts);

    /** For builds and places that publish no metrics. */
    ServingMetrics NONE = facts -> {
    };
}
