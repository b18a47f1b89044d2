package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Every kind of bad input gets a 4xx with {"error": {code, message, field}}, never a 5xx or a stack trace. */
@QuarkusTest
@TestProfile(BadInputTest.SmallLimits.class)
class BadInputTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("sift.limits.max-texts", "3", "sift.limits.max-text-chars", "20",
                    "quarkus.http.limits.max-body-size", "2K");
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "classify   | {}                                      | missing_field  | texts",
        "classify   | {\"texts\": null}                       | missing_field  | texts",
        "classify   | {\"texts\": \"just one\"}               | invalid_type   | texts",
        "classify   | {\"texts\": []}                         | empty_texts    | texts",
        "classify   | {\"texts\": [\"ok\", 42]}               | invalid_type   | texts[1]",
        "classify   | {\"texts\": [\"ok\", null]}             | invalid_type   | texts[1]",
        "classify   | {\"texts\": [\"ok\", {\"a\": 1}]}       | invalid_type   | texts[1]",
        "classify   | {\"texts\": [\"  \\t\\n \"]}            | blank_text     | texts[0]",
        "classify   | {\"texts\": [\"\"]}                     | blank_text     | texts[0]",
        "classify   | {\"texts\": [\"一二三四五六七八九十一二三四五六七八九十一\"]} | text_too_long | texts[0]",
        "classify   | {\"texts\": [\"a\", \"b\", \"c\", \"d\"]} | too_many_texts | texts",
        "classify   | {\"texts\": [\"a\"], \"topK\": 0}       | out_of_range   | topK",
        "classify   | {\"texts\": [\"a\"], \"topK\": 3}       | out_of_range   | topK",
        "classify   | {\"texts\": [\"a\"], \"topK\": \"2\"}   | invalid_type   | topK",
        "classify   | {\"texts\": [\"a\"], \"topK\": 1.5}     | invalid_type   | topK",
        "classify   | {\"texts\": [\"a\"], \"topk\": 1}       | unknown_field  | topk",
        "classify   | [\"a\"]                                 | invalid_type   | ",
        "classify   | \"a\"                                   | invalid_type   | ",
        "preprocess | {\"texts\": [\"a\"], \"maxLength\": 2}  | out_of_range   | maxLength",
        "preprocess | {\"texts\": [\"a\"], \"maxLength\": 513} | out_of_range  | maxLength",
        "preprocess | {\"texts\": [\"a\"], \"maxLength\": true} | invalid_type | maxLength",
        "preprocess | {\"texts\": [1]}                        | invalid_type   | texts[0]",
    })
    void answers400WithTheErrorShape(String function, String body, String code, String field) {
        var then = given().contentType(ContentType.JSON).body(body).post("/" + function).then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo(code))
                .body("error.message", not(containsString("Exception")));
        if (field == null) {
            then.body("error.field", nullValue());
        } else {
            then.body("error.field", equalTo(field));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"texts\": [\"a\"",
        "{texts: [\"a\"]}",
        "not json at all",
        "{\"texts\": [\"a\"]} trailing",
        "{\"texts\": [\"a\"], \"texts\": [\"b\"]}",
    })
    void answersMalformedJsonWith400(String body) {
        given().contentType(ContentType.JSON).body(body).post("/classify").then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("malformed_json"))
                .body("error.message", equalTo("the request body is not valid JSON"));
    }

    @Test
    void answersGetWith405BecauseTheFunctionsTakeAJsonBody() {
        given().get("/classify?texts=a").then()
                .statusCode(405)
                .header("Allow", "POST")
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("method_not_allowed"))
                .body("error.message", equalTo("GET is not supported on /classify; POST a JSON body"));
    }

    @Test
    void answersARouteWithoutAFunctionWith404AndTheErrorShape() {
        given().contentType(ContentType.JSON).body("{}").post("/nope").then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("not_found"))
                .body("error.message", equalTo("no function at /nope"));
    }

    @Test
    void answersAnEmptyBodyWith400() {
        given().contentType(ContentType.JSON).post("/classify").then()
                .statusCode(400)
                .body("error.code", org.hamcrest.Matchers.oneOf("missing_body", "malformed_json"));
    }

    @Test
    void answersABodyOverTheSizeLimitWith413() {
        String big = "{\"texts\": [\"" + "好".repeat(1500) + "\"]}";
        given().contentType(ContentType.JSON).body(big).post("/classify").then()
                .statusCode(413)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("payload_too_large"))
                .body("error.message", containsString("quarkus.http.limits.max-body-size"));
    }

    @Test
    void explainsTheLimitInTheMessage() {
        given().contentType(ContentType.JSON).body("{\"texts\": [\"a\", \"b\", \"c\", \"d\"]}").post("/classify")
                .then().statusCode(400)
                .body("error.message", equalTo("'texts' has 4 items; the limit is 3 per request"));
    }
}
