package dev.sift.telemetry;

import java.util.Locale;

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

    public static void write(RequestFacts facts) {
        // Set already while a function runs (ObservedRequests); not for a request refused before one ran.
        boolean ownsId = MDC.get(REQUEST_ID) == null;
        MDC.put(REQUEST_ID, facts.requestId());
        MDC.put("function", facts.function());
        MDC.put("model", facts.model() == null ? "none" : facts.model());
        MDC.put("texts", facts.texts());
        MDC.put("latencyMs", Math.round(facts.latencyMs() * 10) / 10.0);
        MDC.put("outcome", facts.outcome());
        try {
            String line = String.format(Locale.ROOT, "request %s: %s %s, %d text%s, %.1f ms, %s", facts.requestId(),
                    facts.function(), facts.model() == null ? "(no model)" : facts.model(), facts.texts(),
                    facts.texts() == 1 ? "" : "s", facts.latencyMs(), facts.outcome());
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
