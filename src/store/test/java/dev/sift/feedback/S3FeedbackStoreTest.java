package dev.sift.feedback;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The store contract against a real S3-compatible server (s3mock on loopback), conditional writes included. */
class S3FeedbackStoreTest extends FeedbackStoreContract {

    @Override
    PartitionedFeedbackStore newStore() {
        return (PartitionedFeedbackStore) FeedbackStores.open("s3://" + S3MockServer.BUCKET + "/test-" + UUID.randomUUID(),
                new FeedbackStores.S3Options(Optional.of(S3MockServer.endpoint()), Optional.of("us-east-1"), true),
                S3MockServer.credentials());
    }

    @Test
    void anUnreachableStoreSaysSoQuicklyInsteadOfLosingTheRecord() throws Exception {
        int closedPort = S3MockServer.freePort();
        try (FeedbackStore unreachable = FeedbackStores.open("s3://" + S3MockServer.BUCKET + "/x",
                new FeedbackStores.S3Options(Optional.of(URI.create("http://127.0.0.1:" + closedPort)),
                        Optional.of("us-east-1"), true), S3MockServer.credentials())) {
            long start = System.nanoTime();
            assertThrows(StoreUnavailableException.class,
                    () -> unreachable.save(record("s-1", "text", "negative", DAY_1)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "took " + millis + " ms");
        }
    }

    @Test
    void aMissingBucketIsAnUnavailableStore() {
        try (FeedbackStore missing = FeedbackStores.open("s3://no-such-bucket/x",
                new FeedbackStores.S3Options(Optional.of(S3MockServer.endpoint()), Optional.of("us-east-1"), true),
                S3MockServer.credentials())) {
            assertThrows(StoreUnavailableException.class, () -> missing.save(record("s-2", "text", "negative", DAY_1)));
        }
    }
}
