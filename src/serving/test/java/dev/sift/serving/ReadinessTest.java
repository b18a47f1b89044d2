package dev.sift.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ReadinessTest {
    @Test
    void isUpWithTheBundleNameAndVersionOnceTheModelIsWarm() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("model"))
                .body("checks.find { it.name == 'model' }.data.name", equalTo("review-sentiment"))
                .body("checks.find { it.name == 'model' }.data.version", equalTo("2.0.0"));
    }
}
