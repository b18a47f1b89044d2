package dev.sift.functions;

import static dev.sift.functions.DirectInvocation.invoke;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sift.serving.ClassifierService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The direct zip deployed as BatchStack's function (QUARKUS_FUNQY_EXPORT=classifyBatch), invoked
 * with the events a Distributed Map sends: the ItemBatcher's {@code {"Items": [...], "BatchInput": {...}}}
 * (the shape in the Step Functions guide, "ItemBatcher (Map)"), each item wrapped by the state
 * machine's ItemSelector with its index, the item itself as the JSON-lines reader (an object) or
 * the CSV reader (every field a string) gives it.
 */
@QuarkusTest
@TestProfile(ClassifyBatchDirectTest.ExportClassifyBatch.class)
class ClassifyBatchDirectTest {
    public static class ExportClassifyBatch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return DirectInvocation.export("classifyBatch");
        }
    }

    private static final String JSON_LINES_BATCH = """
            {
              "Items": [
                {"index": 40, "value": {"id": "r-41", "text": "房间干净，服务热情，早餐丰富，非常满意！", "stars": 5}},
                {"index": 41, "value": {"id": "r-42", "text": "   "}},
                {"index": 42, "value": {"id": 43, "text": "前台态度恶劣，再也不来了。"}},
                {"index": 43, "value": {"id": "r-44", "body": "no text field here"}},
                {"index": 44, "value": {"id": "r-45", "text": 12345}}
              ],
              "BatchInput": {"column": "text", "idColumn": "id"}
            }
            """;

    private static final String CSV_BATCH = """
            {
              "Items": [
                {"index": 0, "value": {"cat": "酒店", "label": "1", "review": "位置很好，交通方便"}},
                {"index": 1, "value": {"cat": "酒店", "label": "0", "review": ""}}
              ],
              "BatchInput": {"column": "review", "idColumn": "id"}
            }
            """;

    @Inject
    ClassifierService service;

    @Test
    void answersEveryItemAResultOrAnErrorAsValuesNumberedByItsIndex() {
        Response response = invoke(JSON_LINES_BATCH);
        response.then().statusCode(200)
                .body("model.name", equalTo(service.classifier().info().name()))
                .body("results", hasSize(2))
                .body("errors", hasSize(3));
        assertEquals(List.of(41, 43), response.path("results.row"));
        assertEquals(List.of("r-41", "43"), response.path("results.id"));
        assertEquals(List.of(42, 44, 45), response.path("errors.row"));
        assertEquals(List.of("blank_text", "missing_field", "invalid_type"), response.path("errors.code"));
        assertEquals(List.of("r-42", "r-44", "r-45"), response.path("errors.id"));
        // Each result is the classifier's own answer for that text.
        String expected = service.classifier().classify(List.of("前台态度恶劣，再也不来了。"), 2).get(0).label();
        assertEquals(expected, response.path("results[1].label"));
        Map<String, Float> scores = response.path("results[1].scores");
        assertEquals(service.classifier().info().labels().size(), scores.size());
    }

    @Test
    void readsTheColumnTheBatchInputNamesFromCsvItems() {
        invoke(CSV_BATCH).then().statusCode(200)
                .body("results", hasSize(1))
                .body("results[0].row", equalTo(1))
                .body("errors[0].row", equalTo(2))
                .body("errors[0].code", equalTo("blank_text"));
    }

    @Test
    void numbersUnwrappedItemsByTheirPlaceInTheBatch() {
        invoke("{\"Items\": [{\"text\": \"很好\"}, {\"text\": \"很差\"}]}").then().statusCode(200)
                .body("results.row", equalTo(List.of(1, 2)));
    }

    @Test
    void failsTheInvocationForABatchThatIsNotOneSoTheMapCountsIt() {
        // The mock event server answers a function error with 500 and Lambda's error document.
        invoke("{\"Items\": \"not a list\"}").then().statusCode(500)
                .body("errorMessage", containsString("'Items' must be an array"));
        invoke("{\"BatchInput\": {}}").then().statusCode(500)
                .body("errorMessage", containsString("'Items' is required"));
    }
}
