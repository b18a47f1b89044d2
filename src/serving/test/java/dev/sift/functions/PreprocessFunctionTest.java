package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class PreprocessFunctionTest {

    @Test
    void returnsTheTokensAndIdsTheModelSees() {
        given().contentType(ContentType.JSON).body("{\"texts\": [\"房间很好WiFi\"]}")
                .post("/preprocess").then().statusCode(200)
                .body("model.name", equalTo("review-sentiment"))
                .body("items[0].tokens", contains("[CLS]", "房", "间", "很", "好", "[UNK]", "[SEP]"))
                .body("items[0].inputIds[0]", equalTo(101))
                .body("items[0].inputIds[6]", equalTo(102))
                .body("items[0].attentionMask", everyItem(equalTo(1)))
                .body("items[0].length", equalTo(7))
                .body("items[0].truncated", equalTo(false));
    }

    @Test
    void truncatesToTheRequestedMaxLength() {
        given().contentType(ContentType.JSON).body("{\"texts\": [\"一二三四五六七八九十\"], \"maxLength\": 6}")
                .post("/preprocess").then().statusCode(200)
                .body("items[0].inputIds", hasSize(6))
                .body("items[0].tokens", contains("[CLS]", "一", "二", "三", "四", "[SEP]"))
                .body("items[0].truncated", equalTo(true));
    }
}
