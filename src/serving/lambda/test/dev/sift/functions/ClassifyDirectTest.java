package dev.sift.functions;

import static dev.sift.functions.DirectInvocation.invoke;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sift.model.ModelInfo;
import dev.sift.serving.ClassifierService;
import dev.sift.serving.SnapStartPriming;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** The direct zip deployed with QUARKUS_FUNQY_EXPORT=classify, invoked with plain JSON events. */
@QuarkusTest
@TestProfile(ClassifyDirectTest.ExportClassify.class)
class ClassifyDirectTest {
    public static class ExportClassify implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return DirectInvocation.export("classify");
        }
    }

    @Inject
    ClassifierService service;
    @Inject
    SnapStartPriming priming;

    @Test
    void classifiesEachTextInInputOrderWithTheServingModel() {
        ModelInfo model = service.classifier().info();
        Response response = invoke("{\"texts\": [\"房间干净，服务热情，早餐丰富，非常满意！\", \"前台态度恶劣，再也不来了。\"], \"topK\": 1}");
        response.then().statusCode(200)
                .body("error", nullValue())
                .body("model.name", equalTo(model.name()))
                .body("model.version", equalTo(model.version()))
                .body("results", hasSize(2));
        List<String> labels = response.path("results.label");
        assertTrue(model.labels().containsAll(labels), labels + " are not all among " + model.labels());
        List<Map<String, Float>> scores = response.path("results.scores");
        scores.forEach(s -> assertEquals(1, s.size(), "topK 1 lists one label"));
        // The answer is the classifier's own, text by text and in order.
        assertEquals(service.classifier().classify(List.of("前台态度恶劣，再也不来了。"), 1).get(0).label(), labels.get(1));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"texts\": []}                      | empty_texts   | texts",
            "{\"texts\": [\"好\", 3]}              | invalid_type  | texts[1]",
            "{\"texts\": [\"  \"]}                 | blank_text    | texts[0]",
            "{\"texts\": [\"好\"], \"topK\": 0}    | out_of_range  | topK",
            "{\"texts\": [\"好\"], \"topk\": 1}    | unknown_field | topk",
            "{\"text\": \"好\"}                    | unknown_field | text",
            "\"好\"                                | invalid_type  | ",
            "null                                  | missing_body  | ",
    })
    void answersBadInputAsAValueInTheErrorShapeNotAsAFunctionError(String event, String code, String field) {
        invoke(event).then().statusCode(200)
                .body("error.code", equalTo(code))
                .body("error.field", equalTo(field))
                .body("error.message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                .body("results", nullValue());
    }

    @Test
    void carriesAbstentionThroughTheDirectPackaging() {
        Response response = invoke("{\"texts\": [\"房间干净，服务热情，早餐丰富，非常满意！\"], \"minScore\": 1.0}");
        response.then().statusCode(200)
                .body("results[0].abstained", equalTo(true))
                .body("results[0].label", nullValue())
                .body("results[0].scores.size()", equalTo(service.classifier().info().labels().size()));
        invoke("{\"texts\": [\"好\"], \"minScore\": 2}").then().statusCode(200)
                .body("error.code", equalTo("out_of_range"))
                .body("error.field", equalTo("minScore"));
    }

    @Test
    void tooManyTextsNamesTheLimit() {
        String texts = String.join(",", java.util.Collections.nCopies(65, "\"好\""));
        invoke("{\"texts\": [" + texts + "]}").then().statusCode(200)
                .body("error.code", equalTo("too_many_texts"))
                .body("error.message", equalTo("'texts' has 65 items; the limit is 64 per request"));
    }

    @Test
    void primingBeforeASnapStartSnapshotRunsTheModelAndChangesNoAnswer() throws Exception {
        String event = "{\"texts\": [\"位置不错，早餐一般。\"]}";
        String before = invoke(event).then().statusCode(200).extract().asString();
        long start = System.nanoTime();
        priming.beforeCheckpoint(null);
        assertTrue(System.nanoTime() - start > 1_000_000, "priming ran no inference");
        priming.afterRestore(null);
        assertEquals(before, invoke(event).then().statusCode(200).extract().asString());
    }
}
