package dev.sift.feedback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Record ids, which are also the idempotency keys. A client id is used as given; without one the
 * id is derived from what identifies a correction (normalized text, label, source), so a retry of
 * the same post maps to the same record. Ids become file names and S3 keys, hence the narrow
 * alphabet and the alphanumeric first character (no ".", "..", or hidden files).
 */
public final class FeedbackIds {
    public static final int MAX_LENGTH = 128;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final int DERIVED_HEX_CHARS = 32; // 128 bits: collisions are not a practical concern

    private FeedbackIds() {
    }

    public static boolean isValidClientId(String id) {
        return CLIENT_ID.matcher(id).matches();
    }

    /** {@link #correctionSha256}, first 32 characters. */
    public static String derive(String text, String label, String source) {
        return correctionSha256(text, label, source).substring(0, DERIVED_HEX_CHARS);
    }

    /**
     * Hex SHA-256 of what identifies a correction: normalized text, label and source (absent
     * source = ""). A derived id is its prefix; a marker keeps it whole, so a client id reused for
     * another correction is recognised (the other fields are context, not the correction).
     */
    public static String correctionSha256(String text, String label, String source) {
        String key = NormalizedText.of(text) + '\u0000' + label + '\u0000' + (source == null ? "" : source);
        return sha256Hex(key.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
