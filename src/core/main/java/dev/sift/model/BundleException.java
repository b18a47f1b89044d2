package dev.sift.model;

/** A model bundle that cannot be served: missing file, bad checksum, manifest/model mismatch. */
public class BundleException extends RuntimeException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
