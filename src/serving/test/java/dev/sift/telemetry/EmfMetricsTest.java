package dev.sift.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The EMF lines against the specification's shape and the names infra's alarms and dashboard read. */
class EmfMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final EmfMetrics metrics = new EmfMetrics(lines::add, CLOCK, dropped::get);

    private static RequestFacts classify(List<RequestFacts.Served> served) {
        return new RequestFacts("r-1", "classify", "review-sentiment@1.3.0", served.size(), 12.5, "ok",
                RequestFacts.Outcome.OK, served);
    }

    private static RequestFacts.Served served(String label, double score) {
        return new RequestFacts.Served(label == null ? List.of() : List.of(label), score);
    }

    /** Every metric a line names has a value, and every dimension a value in the line (what CloudWatch requires). */
    private static void assertValidEmf(JsonNode line) {
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals(CLOCK.millis(), line.path("_aws").path("Timestamp").asLong());
        assertEquals("sift", directive.path("Namespace").asText());
        for (JsonNode set : directive.path("Dimensions")) {
            for (JsonNode dimension : set) {
                assertTrue(line.path(dimension.asText()).isTextual(), "dimension " + dimension + " in " + line);
            }
        }
        for (JsonNode metric : directive.path("Metrics")) {
            assertTrue(line.has(metric.path("Name").asText()), "metric " + metric + " in " + line);
        }
    }

    @Test
    void aClassifyRequestIsOneLineOfRequestFiguresAndOneLinePerLabel() throws Exception {
        metrics.record(classify(List.of(served("positive", 0.9), served("positive", 0.8), served("negative", 0.7),
                served(null, 0.55))));

        assertEquals(3, lines.size(), lines.toString());
        JsonNode request = JSON.readTree(lines.get(0));
        assertValidEmf(request);
        assertEquals("[[\"Function\"],[\"Function\",\"ModelVersion\"]]",
                request.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        assertEquals("classify", request.path("Function").asText());
        assertEquals("review-sentiment@1.3.0", request.path("ModelVersion").asText());
        assertEquals(1, request.path("Requests").asInt());
        assertEquals(12.5, request.path("Latency").asDouble());
        assertEquals(4, request.path("Texts").asInt());
        assertEquals(1, request.path("Abstentions").asInt());
        assertEquals("[0.9,0.8,0.7,0.55]", request.path("TopScore").toString());
        assertEquals(0, request.path("ClientErrors").asInt());
        assertEquals(0, request.path("Faults").asInt());

        JsonNode negative = JSON.readTree(lines.get(1));
        JsonNode positive = JSON.readTree(lines.get(2));
        assertValidEmf(negative);
        assertEquals("[[\"Function\",\"Label\"],[\"Function\",\"ModelVersion\",\"Label\"]]",
                negative.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        assertEquals("negative", negative.path("Label").asText());
        assertEquals(1, negative.path("Predictions").asInt());
        assertEquals("positive", positive.path("Label").asText());
        assertEquals(2, positive.path("Predictions").asInt());
    }

    @Test
    void aClientErrorCountsAsOneWithNoScoresAndNoLabelLines() throws Exception {
        metrics.record(new RequestFacts("r-2", "classify", null, 1, 0.3, "out_of_range",
                RequestFacts.Outcome.CLIENT_ERROR, List.of()));

        assertEquals(1, lines.size());
        JsonNode line = JSON.readTree(lines.get(0));
        assertValidEmf(line);
        assertEquals(1, line.path("ClientErrors").asInt());
        assertEquals(0, line.path("Faults").asInt());
        assertEquals("none", line.path("ModelVersion").asText(), "a dimension needs a value even without a model");
        assertFalse(line.has("TopScore"), line.toString());
    }

    @Test
    void aRefusalBeforeAnyFunctionRanHasNoLatencyToPullThePercentilesDown() throws Exception {
        metrics.record(new RequestFacts("r-3", "classify", "review-sentiment@1.3.0", 0, Double.NaN, "malformed_json",
                RequestFacts.Outcome.CLIENT_ERROR, List.of()));

        JsonNode line = JSON.readTree(lines.get(0));
        assertValidEmf(line);
        assertFalse(line.has("Latency"), line.toString());
        assertEquals(1, line.path("Requests").asInt());
        assertEquals(1, line.path("ClientErrors").asInt());
    }

    @Test
    void droppedPredictionLogRecordsAreReportedOnceEach() throws Exception {
        dropped.set(5);
        metrics.record(classify(List.of()));
        metrics.record(classify(List.of()));
        dropped.set(7);
        metrics.record(classify(List.of()));

        assertEquals(5, JSON.readTree(lines.get(0)).path("PredictionsDropped").asInt());
        assertEquals(0, JSON.readTree(lines.get(1)).path("PredictionsDropped").asInt());
        assertEquals(2, JSON.readTree(lines.get(2)).path("PredictionsDropped").asInt());
    }

    @Test
    void moreScoresThanALineMayHoldGoIntoFollowingLines() throws Exception {
        metrics.record(classify(Collections.nCopies(250, served("positive", 0.9))));

        List<JsonNode> scoreLines = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            assertValidEmf(node);
            if (node.has("TopScore")) {
                scoreLines.add(node);
            }
        }
        assertEquals(List.of(100, 100, 50), scoreLines.stream().map(n -> n.path("TopScore").size()).toList());
        assertEquals(1, lines.stream().filter(l -> l.contains("\"Requests\"")).count(), "the request is counted once");
        assertEquals(250, JSON.readTree(lines.get(lines.size() - 1)).path("Predictions").asInt());
    }
}
