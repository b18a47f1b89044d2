package dev.sift.feedback;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * Where things live in a store, the same for files and S3 (relative to the root directory or the
 * bucket prefix):
 *
 * <pre>
 * dt=2026-11-28/&lt;id&gt;.json   one record, in the UTC date partition of its first receipt
 * ids/&lt;id&gt;                  marker: the key of the record with this id and its correction's hash ({@link FeedbackMarker})
 * .tmp/…                  files being written (file store only); never read as records
 * </pre>
 *
 * The marker exists because the partition cannot be derived from the id: a retry on the next day
 * must find yesterday's record. The marker is claimed first with a create-if-absent write, so it
 * decides which partition an id's record goes to; see {@link PartitionedFeedbackStore}.
 */
public final class FeedbackLayout {
    // The retrain trigger in infra (inline Node.js) counts records by a copy of these three in
    // infra/src/main/resources/dev/sift/infra/feedback-layout.json; FeedbackLayoutFileTest keeps the copy true.
    static final Pattern RECORD_KEY = Pattern.compile("dt=\\d{4}-\\d{2}-\\d{2}/[A-Za-z0-9][A-Za-z0-9._:-]*\\.json");
    static final String PARTITION_PREFIX = "dt=";
    static final String MARKERS = "ids/";

    private FeedbackLayout() {
    }

    public static String recordKey(String id, Instant receivedAt) {
        return PARTITION_PREFIX + receivedAt.atZone(ZoneOffset.UTC).toLocalDate() + "/" + id + ".json";
    }

    static String markerKey(String id) {
        return MARKERS + id;
    }

    public static boolean isRecordKey(String key) {
        return RECORD_KEY.matcher(key).matches();
    }

    /** Whether {@code key} is a record key for {@code id}: a marker's content is checked before it is trusted. */
    static boolean isRecordKeyFor(String key, String id) {
        return isRecordKey(key) && key.endsWith("/" + id + ".json");
    }
}
