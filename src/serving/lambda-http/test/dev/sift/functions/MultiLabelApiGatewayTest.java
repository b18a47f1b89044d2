package dev.sift.functions;

import static dev.sift.functions.ApiGatewayEvents.event;
import static dev.sift.functions.ApiGatewayEvents.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sift.model.Prediction;
import dev.sift.serving.ClassifierService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A multi-label bundle behind API Gateway (HTTP API v2 events): label sets and thresholds in the answer. */
@QuarkusTest
@TestProfile(MultiLabelApiGatewayTest.MultiLabelBundle.class)
class MultiLabelApiGatewayTest {
    public static class MultiLabelBundle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sift.model.bundle", "classpath:bundles/tiny-multilabel", "sift.feedback.store", "none");
        }
    }

    @Inject
    ClassifierService service;

    @Test
    void answersTheLabelSetsAndTheThresholds() throws Exception {
        List<String> texts = List.of("很好", "很差", "房间好但是很差");
        ApiGatewayEvents.Answer answer = invoke(event("http-api-v2.json", "POST", "/classify",
                "{\"texts\": [\"很好\", \"很差\", \"房间好但是很差\"]}", false));
        assertEquals(200, answer.status(), answer.body());
        JsonNode json = answer.json();
        assertEquals(0.6, json.at("/model/thresholds/negative").asDouble());
        List<Prediction> expected = service.classifier().classify(texts, 3);
        for (int i = 0; i < texts.size(); i++) {
            List<String> labels = new ArrayList<>();
            json.path("results").get(i).path("labels").forEach(l -> labels.add(l.asText()));
            assertTrue(json.path("results").get(i).path("labels").isArray(), json.toString());
            assertEquals(expected.get(i).labels(), labels, texts.get(i));
        }
    }

    @Test
    void aRequestMinScoreOfZeroGivesEveryLabel() throws Exception {
        ApiGatewayEvents.Answer answer = invoke(event("http-api-v2.json", "POST", "/classify",
                "{\"texts\": [\"很好\"], \"minScore\": 0}", false));
        assertEquals(200, answer.status(), answer.body());
        assertEquals(3, answer.json().at("/results/0/labels").size(), answer.body());
    }
}
