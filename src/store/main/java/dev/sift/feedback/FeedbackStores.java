package dev.sift.feedback;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;

/** Opens the store a URI names: {@code file:<path>} (absolute or relative) or {@code s3://bucket/prefix}. */
public final class FeedbackStores {
    /** S3 settings that the URI does not carry; an empty region means AWS_REGION, else us-east-1. */
    public record S3Options(Optional<URI> endpoint, Optional<String> region, boolean forcePathStyle) {
        public static S3Options defaults() {
            return new S3Options(Optional.empty(), Optional.empty(), false);
        }
    }

    private FeedbackStores() {
    }

    public static FeedbackStore open(String uri, S3Options s3) {
        return open(uri, s3, null);
    }

    /** As {@link #open(String, S3Options)}; {@code credentials} null means the AWS default chain. */
    public static FeedbackStore open(String uri, S3Options s3, AwsCredentialsProvider credentials) {
        if (NoFeedbackStore.URI.equals(uri)) {
            return new NoFeedbackStore();
        }
        if (uri.startsWith("file:")) {
            return new FileFeedbackStore(filePath(uri));
        }
        if (uri.startsWith(S3Uri.SCHEME)) {
            return new S3FeedbackStore(S3Uri.parse(uri, "feedback store"), new S3Connection(s3.endpoint(),
                    S3Connection.region(s3.region()), s3.forcePathStyle(),
                    credentials != null ? credentials : DefaultCredentialsProvider.builder().build()));
        }
        throw new IllegalArgumentException("feedback store must be file:<path>, s3://bucket/prefix or none, got '" + uri + "'");
    }

    private static Path filePath(String uri) {
        String path = uri.substring("file:".length());
        if (path.startsWith("//")) {
            try {
                return Path.of(new URI(uri)); // file:///abs/path
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalArgumentException("feedback store " + uri + " is not a valid file URI: " + e.getMessage());
            }
        }
        return Path.of(path); // file:/abs/path or file:relative/path
    }
}
