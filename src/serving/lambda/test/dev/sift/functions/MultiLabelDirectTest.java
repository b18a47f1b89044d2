package dev.sift.functions;

import static dev.sift.functions.DirectInvocation.invoke;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sift.model.Prediction;
import dev.sift.serving.ClassifierService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** A multi-label bundle through the direct zip's Lambda event path: label sets and thresholds survive its serialization. */
@QuarkusTest
@TestProfile(MultiLabelDirectTest.MultiLabelClassify.class)
class MultiLabelDirectTest {
    public static class MultiLabelClassify implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(DirectInvocation.export("classify"));
            config.put("sift.model.bundle", "classpath:bundles/tiny-multilabel");
            return config;
        }
    }

    @Inject
    ClassifierService service;

    @Test
    void answersTheLabelSetTheClassifierGives() {
        List<String> texts = List.of("很好", "很差", "房间好但是很差");
        JsonPath answer = invoke("{\"texts\": [\"很好\", \"很差\", \"房间好但是很差\"]}").then().statusCode(200)
                .body("error", nullValue())
                .body("model.thresholds.positive", equalTo(0.6f))
                .extract().jsonPath();
        List<Prediction> expected = service.classifier().classify(texts, 3);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(expected.get(i).labels(), answer.getList("results[" + i + "].labels"), texts.get(i));
            assertEquals(expected.get(i).abstained(), answer.getBoolean("results[" + i + "].abstained"));
        }
    }

    @Test
    void aRequestMinScoreReplacesTheThresholds() {
        invoke("{\"texts\": [\"很好\"], \"minScore\": 0}").then().statusCode(200).body("results[0].labels", hasSize(3));
        invoke("{\"texts\": [\"很好\"], \"minScore\": 1}").then().statusCode(200)
                .body("results[0].labels", hasSize(0)).body("results[0].abstained", equalTo(true));
    }
}
