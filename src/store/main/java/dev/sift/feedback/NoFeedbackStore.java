package dev.sift.feedback;

import java.util.List;

/**
 * {@code sift.feedback.store=none}: the store of a function that takes no feedback. Opening it
 * costs nothing, so classify and preprocess functions open no S3 client or directory at start-up
 * and warn about nothing; a correction sent to them is refused with {@link FeedbackDisabledException}.
 */
final class NoFeedbackStore implements FeedbackStore {
    static final String URI = "none";

    @Override
    public Saved save(FeedbackRecord record) {
        throw new FeedbackDisabledException();
    }

    @Override
    public List<String> recordKeys() {
        return List.of();
    }

    @Override
    public byte[] readBytes(String key) {
        throw new FeedbackDisabledException();
    }

    @Override
    public String location() {
        return URI;
    }

    @Override
    public void close() {
    }
}
