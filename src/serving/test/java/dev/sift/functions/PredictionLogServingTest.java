package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sift.predictions.PredictionJson;
import dev.sift.predictions.PredictionRecord;
import dev.sift.serving.PredictionRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The prediction log in the running app ({@code sift.predictions.store} set, texts kept): every
 * classified text becomes a record with the answer it got, its redacted text and its sketch.
 */
@QuarkusTest
@TestProfile(PredictionLogServingTest.KeepText.class)
class PredictionLogServingTest {
    // A fixed path: the profile and the test are loaded by different class loaders, so a random one would differ.
    static final Path ROOT = Path.of("target", "predictions-test", "kept");

    public static class KeepText implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sift.predictions.store", "file:" + ROOT, "sift.predictions.keep-text", "true",
                    "sift.predictions.batch-size", "2");
        }
    }

    @Inject
    PredictionRecorder recorder;

    static List<PredictionRecord> stored(Path root) throws IOException {
        List<PredictionRecord> records = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return records;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                Files.readAllLines(file, StandardCharsets.UTF_8).forEach(l -> records.add(PredictionJson.read(l)));
            }
        }
        return records;
    }

    @Test
    void logsEachClassifiedTextWithItsAnswerAndItsRedactedText() throws IOException {
        long before = recorder.log().written();
        java.time.Instant start = java.time.Instant.now();
        JsonPath answer = given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"房间干净，服务热情\", \"前台态度恶劣，电话13812345678打不通\", \"还行\"]}")
                .post("/classify").then().statusCode(200).extract().jsonPath();
        recorder.log().flush();
        assertEquals(before + 3, recorder.log().written());
        List<PredictionRecord> mine = stored(ROOT).stream().filter(r -> !r.time().isBefore(start)).toList();
        assertEquals(3, mine.size(), "this test's records");
        List<String> texts = mine.stream().map(PredictionRecord::text).toList();
        assertTrue(texts.contains("前台态度恶劣，电话[PHONE]打不通"), "kept texts are redacted: " + texts);
        assertTrue(texts.stream().noneMatch(t -> t.contains("13812345678")), texts.toString());
        for (PredictionRecord r : mine) {
            int i = List.of("房间干净，服务热情", "前台态度恶劣，电话[PHONE]打不通", "还行").indexOf(r.text());
            assertEquals(answer.getString("results[" + i + "].label"), r.label());
            assertEquals(answer.getString("model.version"), r.version());
            assertEquals("classify", r.function());
            assertEquals(16, r.sketch().length);
            assertTrue(r.tokens() >= 3 && r.chars() > 0, r.toString());
            assertEquals(0.0, r.unknownRate());
            assertNull(r.labels(), "single-label model");
        }
    }

    @Test
    void preprocessAndRefusedRequestsAreNotLogged() throws IOException {
        recorder.log().flush();
        long before = recorder.log().written();
        given().contentType(ContentType.JSON).body("{\"texts\": []}").post("/classify").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"texts\": [\"好\"]}").post("/preprocess").then().statusCode(200);
        recorder.log().flush();
        assertEquals(before, recorder.log().written());
    }
}
