package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** classifyBatch over HTTP, where it answers like the other functions: values per item, 400 for a batch that is not one. */
@QuarkusTest
class ClassifyBatchFunctionTest {

    @Test
    void classifiesTheGoodItemsAndListsTheBadOnesWithTheApisCodes() {
        String tooLong = "好".repeat(10_001);
        given().contentType(ContentType.JSON)
                .body("{\"Items\": [{\"index\": 0, \"value\": {\"text\": \"房间干净，服务热情\"}},"
                        + " {\"index\": 1, \"value\": {\"text\": \"" + tooLong + "\"}},"
                        + " {\"index\": 2, \"value\": [\"not an object\"]}]}")
                .post("/classifyBatch").then().statusCode(200)
                .body("results", hasSize(1))
                .body("results[0].row", equalTo(1))
                .body("results[0].label", equalTo("positive"))
                .body("errors.code", equalTo(List.of("text_too_long", "invalid_type")))
                .body("errors.row", equalTo(List.of(2, 3)));
    }

    @Test
    void refusesABatchOverTheItemLimitOrWithABadBatchInput() {
        String items = String.join(",", Collections.nCopies(ClassifyBatchFunction.MAX_ITEMS + 1, "{\"text\": \"好\"}"));
        given().contentType(ContentType.JSON).body("{\"Items\": [" + items + "]}")
                .post("/classifyBatch").then().statusCode(400)
                .body("error.code", equalTo("too_many_texts"))
                .body("error.field", equalTo("Items"));
        given().contentType(ContentType.JSON).body("{\"Items\": [], \"BatchInput\": {\"column\": 3}}")
                .post("/classifyBatch").then().statusCode(400)
                .body("error.code", equalTo("invalid_type"))
                .body("error.field", equalTo("BatchInput.column"));
        given().contentType(ContentType.JSON).body("{\"Items\": [], \"items\": []}")
                .post("/classifyBatch").then().statusCode(400)
                .body("error.code", equalTo("unknown_field"));
    }

    @Test
    void answersAnEmptyBatchWithNoResults() {
        given().contentType(ContentType.JSON).body("{\"Items\": []}")
                .post("/classifyBatch").then().statusCode(200)
                .body("results", hasSize(0))
                .body("errors", hasSize(0));
    }
}
