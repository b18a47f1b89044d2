package dev.sift.functions;

import static dev.sift.functions.DirectInvocation.invoke;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sift.explain.Explanation;
import dev.sift.explain.OcclusionExplainer;
import dev.sift.serving.ClassifierService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** {@code "explain": true} through the direct zip's Lambda event path: the explanation survives its serialization. */
@QuarkusTest
@TestProfile(ClassifyDirectTest.ExportClassify.class)
class ExplainDirectTest {
    @Inject
    ClassifierService service;

    @Test
    void answersEachTextsExplanationAsTheExplainerGivesIt() {
        String text = "ＷｉＦｉ很差👨‍👩‍👧，房间干净";
        JsonPath answer = invoke("{\"texts\": [\"" + text + "\", \"很好\"], \"explain\": true}").then().statusCode(200)
                .body("error", nullValue())
                .body("results[0].explanation.method", equalTo("occlusion"))
                .extract().jsonPath();
        Explanation expected = new OcclusionExplainer(service.classifier()).explain(text);
        assertEquals(expected.label(), answer.getString("results[0].explanation.label"));
        List<Map<String, Object>> spans = answer.getList("results[0].explanation.spans");
        assertEquals(expected.spans().size(), spans.size());
        for (int i = 0; i < spans.size(); i++) {
            var want = expected.spans().get(i);
            assertEquals(List.of(want.start(), want.end(), want.text()),
                    List.of(spans.get(i).get("start"), spans.get(i).get("end"), spans.get(i).get("text")));
            assertEquals(want.weight(), ((Number) spans.get(i).get("weight")).doubleValue(), 1e-6);
            assertEquals(want.text(), text.substring(want.start(), want.end()));
        }
        assertEquals("positive", answer.getString("results[1].explanation.label"));
    }

    @Test
    void answersWithoutExplanationUnlessAsked() {
        invoke("{\"texts\": [\"房间很好\"]}").then().statusCode(200).body("results[0]", not(hasKey("explanation")));
    }

    @Test
    void tooManyTextsToExplainIsAnErrorValueNamingTheField() {
        String texts = String.join(",", Collections.nCopies(9, "\"好\""));
        invoke("{\"texts\": [" + texts + "], \"explain\": true}").then().statusCode(200)
                .body("error.code", equalTo("too_many_texts"))
                .body("error.field", equalTo("explain"))
                .body("error.message", equalTo("'explain' takes at most 8 texts per request, got 9"))
                .body("results", nullValue());
        invoke("{\"texts\": [\"好\"], \"explain\": \"yes\"}").then().statusCode(200)
                .body("error.code", equalTo("invalid_type"))
                .body("error.field", equalTo("explain"));
    }
}
