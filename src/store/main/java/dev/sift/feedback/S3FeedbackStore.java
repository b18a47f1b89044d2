package dev.sift.feedback;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;

/**
 * Feedback in an S3 bucket under a prefix ({@code s3://bucket/prefix}), in the layout of
 * {@link FeedbackLayout}.
 *
 * <p>Create-if-absent is a conditional {@code PutObject} with {@code If-None-Match: *}: S3 stores
 * the object only if the key does not exist and otherwise answers 412, atomically, so two
 * concurrent posts of one id cannot both create it (s3mock 5.2.0, which the tests run against,
 * accepts the header too). A PUT is all-or-nothing: a reader never sees part of an object. S3 may
 * answer 409 while another conditional write to the key is in flight; the write is then retried.
 *
 * <p>Conditional writes to one key are also serialized within the process (striped locks), because
 * not every S3-compatible server makes the check and the write one step: s3mock 5.2.0 let 2–7 of
 * 16 concurrent {@code If-None-Match: *} PUTs of one key succeed in a third of the rounds tried.
 * On such a server two <em>processes</em> racing on one id can both be told {@code duplicate:
 * false}; they write the same key (the marker names it), so the store still holds one record,
 * the later one, unless the race straddles midnight UTC. On AWS S3 the condition is atomic.
 *
 * <p>One client per process, built at start-up with the JDK's url-connection HTTP client (no
 * Netty or Apache client to load), short connect and call timeouts so an unreachable store
 * fails the request (503) instead of holding it.
 */
public final class S3FeedbackStore extends PartitionedFeedbackStore {
    private static final int CONFLICT_RETRIES = 5;
    private static final int LOCK_STRIPES = 64;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ReentrantLock[] keyLocks = new ReentrantLock[LOCK_STRIPES];

    public S3FeedbackStore(S3Uri location, S3Connection connection) {
        this.bucket = location.bucket();
        this.prefix = location.prefix();
        this.s3 = connection.client();
        for (int i = 0; i < LOCK_STRIPES; i++) {
            keyLocks[i] = new ReentrantLock();
        }
    }

    @Override
    boolean createIfAbsent(String key, byte[] content) {
        PutObjectRequest put = PutObjectRequest.builder().bucket(bucket).key(prefix + key).ifNoneMatch("*")
                .contentType(key.endsWith(".json") ? "application/json" : "text/plain").build();
        ReentrantLock lock = keyLocks[Math.floorMod(key.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            for (int attempt = 0;; attempt++) {
                try {
                    s3.putObject(put, RequestBody.fromBytes(content));
                    return true;
                } catch (S3Exception e) {
                    if (e.statusCode() == 412) {
                        return false;
                    }
                    if (e.statusCode() != 409 || attempt == CONFLICT_RETRIES) {
                        throw unavailable("cannot write " + key, e);
                    }
                    pause(attempt);
                } catch (SdkException e) {
                    throw unavailable("cannot write " + key, e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    Optional<byte[]> find(String key) {
        try {
            return Optional.of(get(key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable("cannot read " + key, e);
        }
    }

    @Override
    List<String> partitionKeys(String partitions, java.util.function.Predicate<String> keep) {
        List<String> keys = new ArrayList<>();
        try {
            ListObjectsV2Request list = ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(prefix + partitions).build();
            for (S3Object object : s3.listObjectsV2Paginator(list).contents()) {
                String key = object.key().substring(prefix.length());
                if (keep.test(key)) {
                    keys.add(key);
                }
            }
        } catch (SdkException e) {
            throw unavailable("cannot be listed", e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public byte[] readBytes(String key) throws IOException {
        try {
            return get(key);
        } catch (SdkException e) {
            throw new IOException(location() + ": cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    private byte[] get(String key) {
        return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(prefix + key).build()).asByteArray();
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        s3.close();
    }

    private StoreUnavailableException unavailable(String what, Exception cause) {
        return new StoreUnavailableException("feedback store " + location() + " " + what + ": " + cause.getMessage(), cause);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying a conflicting write", e);
        }
    }
}
