package dev.sift.telemetry;

import java.util.List;

/**
 * What one request to a function did, without its texts: what the request log line and the
 * metrics are made of.
 *
 * @param requestId  the Lambda request id, the caller's {@code X-Request-Id}, or one made up here
 * @param function   the Funqy function (classify, preprocess, feedback, classifyBatch)
 * @param model      {@code name@version} of the model that answered, or null when none did
 * @param texts      how many texts (or batch items, or corrections) the request carried
 * @param latencyMs  time spent in the function, parsing and writing excluded; NaN for a request refused
 *                   before any function ran (its time was the HTTP layer's, which is not measured here)
 * @param outcome    {@code ok}, or the error code the client got
 * @param kind       whether the outcome is the caller's to fix or the service's
 * @param served     one entry per classified text (empty unless the function classified)
 */
public record RequestFacts(String requestId, String function, String model, int texts, double latencyMs,
        String outcome, Outcome kind, List<Served> served) {
    /** The outcome of a request answered without an error. */
    public static final String OK = "ok";

    public enum Outcome {
        OK, CLIENT_ERROR, FAULT
    }

    /** One classified text: its labels (empty when it abstained) and its top score. */
    public record Served(List<String> labels, double topScore) {
        public boolean abstained() {
            return labels.isEmpty();
        }
    }

    public long abstentions() {
        return served.stream().filter(Served::abstained).count();
    }
}
