package dev.sift.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.sift.s3.S3Connection;

/**
 * The retrain trigger (infra's feedback-threshold.js, inline Node.js) cannot call this code, so it
 * counts records by a copy of the layout in infra/…/feedback-layout.json, and its node tests count
 * on feedback-keys.json. FeedbackLayout owns the layout; these tests fail when either file stops
 * describing what a real store writes.
 */
class FeedbackLayoutFileTest {
    private static final Path LAYOUT = Path.of("infra/src/main/resources/dev/sift/infra/feedback-layout.json");
    private static final Path KEYS = Path.of("infra/src/test/node/feedback-keys.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLayoutFileSaysWhatFeedbackLayoutWrites() throws Exception {
        JsonNode layout = JSON.readTree(LAYOUT.toFile());
        assertEquals(FeedbackLayout.PARTITION_PREFIX, layout.path("recordPrefix").asText(), LAYOUT.toString());
        assertEquals(FeedbackLayout.MARKERS, layout.path("markerPrefix").asText(), LAYOUT.toString());
        assertEquals(FeedbackLayout.RECORD_KEY.pattern(), layout.path("recordKey").asText(), LAYOUT.toString());
        String key = FeedbackLayout.recordKey("fb-1", Instant.parse("2026-05-01T10:00:00Z"));
        assertTrue(key.startsWith(layout.path("recordPrefix").asText()));
        assertFalse(FeedbackLayout.markerKey("fb-1").startsWith(layout.path("recordPrefix").asText()),
                "listing the record prefix must not list markers");
    }

    @Test
    void aStoreHoldsExactlyTheKeysTheRetrainTriggerIsTestedOn() throws Exception {
        JsonNode fixture = JSON.readTree(KEYS.toFile());
        String deploymentPrefix = fixture.path("prefix").asText(); // BucketLayout.FEEDBACK in infra
        String run = "layout-" + UUID.randomUUID() + "/";
        try (PartitionedFeedbackStore store = (PartitionedFeedbackStore) FeedbackStores.open(
                "s3://" + S3MockServer.BUCKET + "/" + run + deploymentPrefix,
                new FeedbackStores.S3Options(Optional.of(S3MockServer.endpoint()), Optional.of("us-east-1"), true),
                S3MockServer.credentials())) {
            store.save(FeedbackStoreContract.record("fb-1", "房间很脏", "negative", Instant.parse("2026-05-01T10:00:00Z")));
            FeedbackRecord lateNight = FeedbackStoreContract.record("fb-2", "早餐丰富", "positive",
                    Instant.parse("2026-05-01T23:59:59Z"));
            store.save(lateNight);
            assertTrue(store.save(new FeedbackRecord(lateNight.schemaVersion(), lateNight.id(), lateNight.text(),
                    lateNight.label(), lateNight.predicted(), lateNight.score(), lateNight.modelVersion(),
                    lateNight.source(), lateNight.metadata(), Instant.parse("2026-05-02T00:00:01Z"),
                    lateNight.redacted())).duplicate(), "a retry the next day");
            store.save(FeedbackStoreContract.record("fb-3", "隔音太差", "negative", Instant.parse("2026-05-02T08:00:00Z")));
            // What a crash between the two writes of a save leaves: a marker without its record.
            store.createIfAbsent(FeedbackLayout.markerKey("fb-4"),
                    "dt=2026-05-02/fb-4.json".getBytes(StandardCharsets.UTF_8));
        }

        List<String> listed = new ArrayList<>();
        try (S3Client s3 = new S3Connection(Optional.of(S3MockServer.endpoint()), Region.US_EAST_1, true,
                S3MockServer.credentials()).client()) {
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(S3MockServer.BUCKET)
                    .prefix(run).build()).contents()) {
                listed.add(object.key().substring(run.length()));
            }
        }
        List<String> expected = new ArrayList<>();
        fixture.path("keys").forEach(k -> expected.add(k.asText()));
        assertEquals(expected, listed, KEYS + " must list what the store writes, or the trigger's tests count on fiction");
        long records = listed.stream().filter(k -> FeedbackLayout.isRecordKey(k.substring(deploymentPrefix.length())))
                .count();
        assertEquals(fixture.path("records").asLong(), records);
    }
}
