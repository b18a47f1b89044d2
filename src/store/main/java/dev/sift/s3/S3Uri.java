package dev.sift.s3;

/** {@code s3://bucket/prefix}: a bucket and a key prefix that is empty or ends with '/'. */
public record S3Uri(String bucket, String prefix) {
    public static final String SCHEME = "s3://";

    /** @param what names the setting in the error message, e.g. "feedback store" */
    public static S3Uri parse(String uri, String what) {
        if (!uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException(what + " must be s3://bucket/prefix, got '" + uri + "'");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException(what + " " + uri + " names no bucket");
        }
        return new S3Uri(bucket, prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
    }

    public String key(String relative) {
        return prefix + relative;
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + prefix;
    }
}
