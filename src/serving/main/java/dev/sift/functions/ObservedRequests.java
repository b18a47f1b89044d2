package dev.sift.functions;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sift.batch.RowResult;
import dev.sift.model.ModelInfo;
import dev.sift.model.Prediction;
import dev.sift.serving.ClassifierService;
import dev.sift.telemetry.RequestFacts;
import dev.sift.telemetry.RequestIds;
import dev.sift.telemetry.RequestLog;
import dev.sift.telemetry.ServingMetrics;

/**
 * Every call of an {@link Observed} function: its request id in the MDC while it runs (so every
 * line it logs carries it), then one request log line and its metrics. Outside
 * ClientErrorAnswers (a lower priority runs first), so on the direct binding it sees the error
 * values that interceptor answers with, and on HTTP the exceptions HttpErrorResponder maps. The
 * texts themselves are never logged. Telemetry never fails a request.
 */
@Observed
@Interceptor
@Priority(Interceptor.Priority.APPLICATION - 10)
public class ObservedRequests {
    private static final Logger LOG = Logger.getLogger(ObservedRequests.class);

    private final RequestIds ids;
    private final ServingMetrics metrics;
    private final ClassifierService service;

    ObservedRequests(RequestIds ids, ServingMetrics metrics, ClassifierService service) {
        this.ids = ids;
        this.metrics = metrics;
        this.service = service;
    }

    @AroundInvoke
    Object observe(InvocationContext invocation) throws Exception {
        long start = System.nanoTime();
        String requestId = ids.current();
        MDC.put(RequestLog.REQUEST_ID, requestId);
        Object input = invocation.getParameters().length > 0 ? invocation.getParameters()[0] : null;
        Object result = null;
        Throwable failure = null;
        try {
            result = invocation.proceed();
            return result;
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            try {
                publish(requestId, invocation.getMethod().getName(), input, result, failure,
                        (System.nanoTime() - start) / 1e6);
            } catch (RuntimeException e) {
                LOG.warnf("request %s: telemetry failed: %s", requestId, e.toString());
            } finally {
                MDC.remove(RequestLog.REQUEST_ID);
            }
        }
    }

    private void publish(String requestId, String function, Object input, Object result, Throwable failure,
            double latencyMs) {
        String outcome = RequestFacts.OK;
        RequestFacts.Outcome kind = RequestFacts.Outcome.OK;
        if (failure != null) {
            outcome = FailureCodes.code(failure);
            kind = FailureCodes.kind(failure);
        } else if (result instanceof ErrorBody error) {
            outcome = error.error().code();
            kind = RequestFacts.Outcome.CLIENT_ERROR;
        }
        RequestFacts facts = new RequestFacts(requestId, function, modelOf(service), texts(input), latencyMs, outcome, kind,
                served(result));
        RequestLog.write(facts);
        metrics.record(facts);
    }

    /**
     * The request line and metrics of a request an HTTP binding refused before any function ran (bad
     * JSON, too large, no such function), which this interceptor therefore never saw.
     *
     * @param function the function the path names, or "none": a path is the caller's to choose, and only
     *                 known names become the metrics' Function dimension
     */
    static void publishRefusal(ServingMetrics metrics, ClassifierService service, String requestId, String function,
            HttpFailure refusal) {
        try {
            RequestFacts facts = new RequestFacts(requestId, function, modelOf(service), 0, Double.NaN,
                    refusal.body().error().code(),
                    refusal.isFault() ? RequestFacts.Outcome.FAULT : RequestFacts.Outcome.CLIENT_ERROR, List.of());
            RequestLog.write(facts);
            metrics.record(facts);
        } catch (RuntimeException e) {
            LOG.warnf("telemetry of a refused request failed: %s", e.toString());
        }
    }

    /** {@code name@version} of the served model; null while none is loaded. */
    public static String modelOf(ClassifierService service) {
        if (!service.ready()) {
            return null;
        }
        ModelInfo info = service.classifier().info();
        return info.name() + "@" + info.version();
    }

    /** Texts of classify and preprocess, items of a batch, one correction; 0 for a body of another shape. */
    static int texts(Object input) {
        if (!(input instanceof JsonNode body)) {
            return 0;
        }
        if (body.path("texts").isArray()) {
            return body.get("texts").size();
        } else if (body.path("Items").isArray()) {
            return body.get("Items").size();
        }
        return body.hasNonNull("text") ? 1 : 0;
    }

    static List<RequestFacts.Served> served(Object result) {
        List<RequestFacts.Served> served = new ArrayList<>();
        if (result instanceof ClassifyResponse classified) {
            classified.results().forEach(p -> served.add(of(p)));
        } else if (result instanceof ExplainedClassifyResponse explained) {
            explained.results().forEach(r -> served.add(of(r.prediction())));
        } else if (result instanceof ClassifyBatchResponse batch) {
            for (RowResult row : batch.results()) {
                served.add(new RequestFacts.Served(row.labels() != null ? row.labels()
                        : row.label() == null ? List.of() : List.of(row.label()), row.score()));
            }
        }
        return served;
    }

    private static RequestFacts.Served of(Prediction p) {
        List<String> labels = p.labels() != null ? p.labels()
                : p.abstained() || p.label() == null ? List.of() : List.of(p.label());
        return new RequestFacts.Served(labels, p.score());
    }
}
