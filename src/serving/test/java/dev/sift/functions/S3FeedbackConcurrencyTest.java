package dev.sift.functions;

import java.util.List;

import dev.sift.serving.S3MockResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(S3FeedbackConcurrencyTest.S3MockStore.class)
class S3FeedbackConcurrencyTest extends FeedbackConcurrencyContract {

    public static class S3MockStore implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3MockResource.class));
        }
    }
}
