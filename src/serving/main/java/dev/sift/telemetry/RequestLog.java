package dev.sift.telemetry;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One line per request, never its texts. The figures go into the MDC as well as the message: with
 * JSON logging (the {@code aws} and {@code lambda} profiles) they are fields of the line's
 * {@code mdc} object, which CloudWatch Logs Insights queries by name
 * ({@code filter mdc.outcome != "ok" | stats pct(mdc.latencyMs, 99) by mdc.function}); in a
 * terminal the message alone reads well.
 */
public final class RequestLog {
    /** The request id's MDC key: set for the whole request, so every line the request logs carries it. */
    public static final String REQUEST_ID = "requestId";
    private static final Logger LOG = Logger.getLogger("sift.request");
    private static final String[] KEYS = { "function", "model", "texts", "latencyMs", "outcome" };

    private RequestLog() {
    }

    /** {@code 12.3}: a latency to a tenth of a millisecond; {@code -} when there is none. */
    static String tenths(double millis) {
        if (Double.isNaN(millis)) {
            return "-";
        }
        long tenths = Math.round(millis * 10);
        return tenths / 10 + "." + tenths % 10;
    }

    public static void write(RequestFacts facts) {
        // Set already while a function runs (ObservedRequests); not for a request refused before one ran.
        boolean ownsId = MDC.get(REQUEST_ID) == null;
        if (ownsId) {
            MDC.put(REQUEST_ID, facts.requestId());
        }
        MDC.put("function", facts.function());
        MDC.put("model", facts.model() == null ? "none" : facts.model());
        MDC.put("texts", facts.texts());
        MDC.put("latencyMs", tenths(facts.latencyMs()));
        MDC.put("outcome", facts.outcome());
        try {
            // Concatenated, not String.format: java.util.Formatter's first use costs a cold start ~10 ms on C1.
            String line = "request " + facts.requestId() + ": " + facts.function() + " "
                    + (facts.model() == null ? "(no model)" : facts.model()) + ", " + facts.texts()
                    + (facts.texts() == 1 ? " text, " : " texts, ") + tenths(facts.latencyMs()) + " ms, " + facts.outcome();
            if (facts.kind() == RequestFacts.Outcome.FAULT) {
                LOG.warn(line);
            } else {
                LOG.info(line);
            }
        } finally {
            for (String key : KEYS) {
                MDC.remove(key);
            }
            if (ownsId) {
                MDC.remove(REQUEST_ID);
            }
        }
    }
}
