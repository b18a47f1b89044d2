package dev.sift.functions;

import static dev.sift.functions.DirectInvocation.invoke;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The direct zip deployed with QUARKUS_FUNQY_EXPORT=preprocess. */
@QuarkusTest
@TestProfile(PreprocessDirectTest.ExportPreprocess.class)
class PreprocessDirectTest {
    public static class ExportPreprocess implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return DirectInvocation.export("preprocess");
        }
    }

    @Test
    void answersTheTokensTheModelWouldSeeTruncatedToMaxLength() {
        invoke("{\"texts\": [\"房间很好WiFi\"], \"maxLength\": 5}").then().statusCode(200)
                .body("items[0].tokens", contains("[CLS]", "房", "间", "很", "[SEP]"))
                .body("items[0].length", equalTo(5))
                .body("items[0].truncated", equalTo(true))
                .body("items[0].attentionMask", contains(1, 1, 1, 1, 1));
    }

    @Test
    void answersAnOutOfRangeMaxLengthAsAValueThatGivesTheRange() {
        invoke("{\"texts\": [\"好\"], \"maxLength\": 2}").then().statusCode(200)
                .body("error.code", equalTo("out_of_range"))
                .body("error.field", equalTo("maxLength"))
                .body("error.message", startsWith("'maxLength' must be between 3 and "));
    }
}
