package dev.sift.feedback;

import java.nio.charset.StandardCharsets;

/**
 * The content of {@code ids/<id>}: the key of the record with this id, and the
 * {@link FeedbackIds#correctionSha256 correction hash} of the post that claimed it, one per line:
 *
 * <pre>
 * dt=2026-11-28/ticket-1.json
 * correction-sha256=9f86d0…
 * </pre>
 *
 * Markers written before the hash was kept hold the key alone; {@code correctionSha256} is then null.
 */
record FeedbackMarker(String recordKey, String correctionSha256) {
    private static final String HASH_FIELD = "correction-sha256=";

    static FeedbackMarker of(FeedbackRecord record) {
        return new FeedbackMarker(FeedbackLayout.recordKey(record.id(), record.receivedAt()),
                FeedbackIds.correctionSha256(record.text(), record.label(), record.source()));
    }

    static FeedbackMarker parse(byte[] content) {
        String[] lines = new String(content, StandardCharsets.UTF_8).trim().split("\n");
        String hash = null;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith(HASH_FIELD)) {
                hash = lines[i].substring(HASH_FIELD.length()).trim();
            }
        }
        return new FeedbackMarker(lines[0].trim(), hash);
    }

    byte[] bytes() {
        return (recordKey + "\n" + HASH_FIELD + correctionSha256 + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether a post whose correction hashes to {@code sha256} may use this marker's id: the same
     * correction retried, or a marker from before hashes were kept. Such a marker cannot tell what
     * the first post said, so it keeps answering {@code duplicate} as it did when it was written;
     * refusing would turn every retry of an old id into an error.
     */
    boolean admits(String sha256) {
        return correctionSha256 == null || correctionSha256.equals(sha256);
    }
}
