package dev.sift.pipeline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Assigns an example to train, val or test by a hash of its normalized text alone: the same text
 * lands in the same split in every rebuild, whatever else the data set gains or loses, so no
 * example ever moves between train and test. Bucket = first 8 bytes of SHA-256, unsigned, mod 100.
 */
public final class StableSplit {
    public static final String TRAIN = "train";
    public static final String VAL = "val";
    public static final String TEST = "test";

    private final int testPercent;
    private final int valPercent;

    public StableSplit(int testPercent, int valPercent) {
        if (testPercent < 0 || valPercent < 0 || testPercent + valPercent > 100) {
            throw new IllegalArgumentException("test " + testPercent + "% + val " + valPercent + "% must be within 0..100");
        }
        this.testPercent = testPercent;
        this.valPercent = valPercent;
    }

    public String of(String normalizedText) {
        int bucket = bucket(normalizedText);
        return bucket < testPercent ? TEST : bucket < testPercent + valPercent ? VAL : TRAIN;
    }

    static int bucket(String normalizedText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalizedText.getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
