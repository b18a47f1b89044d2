package dev.sift.functions;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(FileFeedbackConcurrencyTest.FreshFileStore.class)
class FileFeedbackConcurrencyTest extends FeedbackConcurrencyContract {

    public static class FreshFileStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sift.feedback.store", "file:target/feedback-tests/concurrency-" + UUID.randomUUID());
        }
    }
}
