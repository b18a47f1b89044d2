package dev.sift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class EmfLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLineDeclaresItsNamespaceDimensionsAndMetricsAndCarriesTheirValues() throws Exception {
        JsonNode line = JSON.readTree(new EmfLine("sift", 1_796_000_000_000L, List.of(List.of(), List.of("Model")))
                .field("Model", "review-sentiment@1.3.0").metric("Drift", "None", 1).metric("TopScore", "None", List.of(0.5, 0.75))
                .json());

        assertEquals("{\"Timestamp\":1796000000000,\"CloudWatchMetrics\":[{\"Namespace\":\"sift\",\"Dimensions\":[[],[\"Model\"]],"
                + "\"Metrics\":[{\"Name\":\"Drift\",\"Unit\":\"None\"},{\"Name\":\"TopScore\",\"Unit\":\"None\"}]}]}",
                line.get("_aws").toString());
        assertEquals("review-sentiment@1.3.0", line.get("Model").asText());
        assertEquals(1.0, line.get("Drift").asDouble());
        assertEquals("[0.5,0.75]", line.get("TopScore").toString());
    }

    @Test
    void aMetricTakesAtMostTheSpecificationsHundredValues() {
        EmfLine line = new EmfLine("sift", 0, List.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> line.metric("TopScore", "None", Collections.nCopies(101, 0.5)));
        assertThrows(IllegalArgumentException.class, () -> line.metric("TopScore", "None", List.of()));
    }
}
