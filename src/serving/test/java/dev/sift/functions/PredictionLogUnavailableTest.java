package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sift.serving.PredictionRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A prediction log whose store cannot be written: classify answers as always; the log counts what it lost. */
@QuarkusTest
@TestProfile(PredictionLogUnavailableTest.Unwritable.class)
class PredictionLogUnavailableTest {
    public static class Unwritable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // /proc cannot hold directories: every write fails.
            return Map.of("sift.predictions.store", "file:/proc/sift-predictions", "sift.predictions.batch-size", "1");
        }
    }

    @Inject
    PredictionRecorder recorder;

    @Test
    void classifyIsUnaffectedAndTheLossIsCounted() {
        long dropped = recorder.log().dropped();
        given().contentType(ContentType.JSON).body("{\"texts\": [\"房间干净\", \"太吵了\"]}").post("/classify")
                .then().statusCode(200);
        recorder.log().flush();
        assertEquals(dropped + 2, recorder.log().dropped());
        assertEquals(0, recorder.log().written());

        // What an operator sees: the loss as a metric.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("sift_prediction_log_records_total{state=\"dropped\"} " + (double) recorder.log().dropped()),
                metrics);
        assertTrue(metrics.contains("sift_prediction_log_records_total{state=\"written\"} 0.0"), metrics);
    }
}
