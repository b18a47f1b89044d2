package dev.sift.functions;

import static dev.sift.functions.DirectInvocation.invoke;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sift.feedback.FeedbackService;
import dev.sift.serving.ClassifierService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The direct zip deployed with QUARKUS_FUNQY_EXPORT=feedback and a file store. */
@QuarkusTest
@TestProfile(FeedbackDirectTest.ExportFeedback.class)
class FeedbackDirectTest {
    public static class ExportFeedback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "feedback",
                    "sift.feedback.store", "file:target/feedback-tests/direct-" + UUID.randomUUID());
        }
    }

    @Inject
    ClassifierService service;
    @Inject
    FeedbackService feedback;

    @Test
    void storesACorrectionOnceAndAnswersTheRetryAsADuplicate() throws Exception {
        String label = service.classifier().info().labels().get(0);
        String event = "{\"id\": \"direct-1\", \"text\": \"早餐太差了\", \"label\": \"" + label + "\", \"source\": \"app\"}";
        invoke(event).then().statusCode(200)
                .body("id", equalTo("direct-1")).body("stored", equalTo(true)).body("duplicate", equalTo(false));
        invoke(event).then().statusCode(200).body("duplicate", equalTo(true));
        List<String> keys = feedback.store().recordKeys().stream().filter(k -> k.endsWith("/direct-1.json")).toList();
        assertEquals(1, keys.size(), keys.toString());
        assertEquals(label, feedback.store().read(keys.get(0)).label());
    }

    @Test
    void answersAReusedIdWithAnotherCorrectionAsAnIdConflictValue() {
        List<String> labels = service.classifier().info().labels();
        invoke("{\"id\": \"direct-2\", \"text\": \"早餐太差了\", \"label\": \"" + labels.get(0) + "\"}").then()
                .statusCode(200).body("duplicate", equalTo(false));
        invoke("{\"id\": \"direct-2\", \"text\": \"早餐太差了\", \"label\": \"" + labels.get(1) + "\"}").then()
                .statusCode(200)
                .body("error.code", equalTo("id_conflict"))
                .body("error.field", equalTo("id"))
                .body("error.message", startsWith("id 'direct-2' "));
    }

    @Test
    void answersAnUnknownLabelAsAValueListingTheModelsLabels() {
        invoke("{\"text\": \"一般\", \"label\": \"no-such-label\"}").then().statusCode(200)
                .body("error.code", equalTo("unknown_label"))
                .body("error.field", equalTo("label"))
                .body("error.message", startsWith("'label' must be one of " + service.classifier().info().labels()));
    }
}
