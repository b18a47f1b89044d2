package dev.sift.functions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.sift.serving.ModelNotReadyException;
import io.vertx.ext.web.Router;

/**
 * Test-only routes that fail the way a function can but a test cannot make it: a server fault and a
 * request before the model loaded. They go through the real {@link HttpErrorResponder}, so
 * OpenApiContractTest checks the 500 and 503 answers a client would get, not a copy of them.
 */
@ApplicationScoped
public class FaultRoutes {
    static final String INTERNAL_ERROR = "/test-faults/internal-error";
    static final String MODEL_NOT_READY = "/test-faults/model-not-ready";

    void register(@Observes Router router) {
        router.post(INTERNAL_ERROR).handler(context -> context.fail(new IllegalStateException("a fault of the test route")));
        router.post(MODEL_NOT_READY).handler(context -> context.fail(new ModelNotReadyException()));
    }
}
