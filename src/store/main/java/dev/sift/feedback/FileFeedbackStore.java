package dev.sift.feedback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * Feedback in a local directory ({@code file:} store), in the layout of {@link FeedbackLayout}.
 *
 * <p>Each file is written whole to {@code .tmp/}, fsync'd, then hard-linked to its final name and
 * the directory fsync'd. {@code link(2)} fails if the name exists, atomically, which is what makes
 * a create-if-absent: a rename would silently replace the file of a concurrent writer (Java's
 * {@code Files.move} without REPLACE_EXISTING only checks first, then renames). So a final name
 * only ever holds a complete, durable record; a crash can leave only a temp file, which readers
 * never look at and a later start deletes once it is an hour old (a younger one may belong to
 * another process sharing the directory). Needs a POSIX file system with hard links.
 */
public final class FileFeedbackStore extends PartitionedFeedbackStore {
    private static final Logger LOG = Logger.getLogger(FileFeedbackStore.class);
    private static final String TEMP_DIR = ".tmp";
    private static final Duration STALE_TEMP = Duration.ofHours(1);

    private final Path root;
    private final Path temp;
    private final Set<Path> knownDirectories = ConcurrentHashMap.newKeySet();

    public FileFeedbackStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.temp = this.root.resolve(TEMP_DIR);
        try {
            directory(temp);
            removeStaleTempFiles();
        } catch (StoreUnavailableException e) {
            // Start anyway: the problem may be transient, and every save reports it as a 503 until fixed.
            LOG.warnf("feedback store %s is not writable yet: %s", location(), e.getCause());
        }
    }

    @Override
    boolean createIfAbsent(String key, byte[] content) {
        Path target = root.resolve(key);
        Path tmp = temp.resolve(UUID.randomUUID() + ".tmp");
        try {
            directory(temp);
            directory(target.getParent());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.createLink(target, tmp);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            fsyncDirectory(target.getParent());
            return true;
        } catch (IOException e) {
            throw new StoreUnavailableException("feedback store " + location() + " cannot write " + key, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.debugf("temp file %s not removed: %s", tmp, e);
            }
        }
    }

    @Override
    Optional<byte[]> find(String key) {
        try {
            return Optional.of(Files.readAllBytes(root.resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreUnavailableException("feedback store " + location() + " cannot read " + key, e);
        }
    }

    @Override
    List<String> partitionKeys(String partitionPrefix, java.util.function.Predicate<String> keep) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> partitions = Files.list(root)) {
            for (Path partition : partitions.filter(p -> (p.getFileName().toString() + "/").startsWith(partitionPrefix)
                    && p.getFileName().toString().startsWith(FeedbackLayout.PARTITION_PREFIX)).toList()) {
                try (Stream<Path> files = Files.list(partition)) {
                    files.map(f -> root.relativize(f).toString()).filter(keep).forEach(keys::add);
                }
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("feedback store " + location() + " cannot be listed", e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public byte[] readBytes(String key) throws IOException {
        return Files.readAllBytes(root.resolve(key));
    }

    @Override
    public String location() {
        return root.toUri().toString();
    }

    @Override
    public void close() {
        // nothing held open between saves
    }

    /** Creates a directory and makes its entry durable in the parent, once per directory per process. */
    private void directory(Path dir) {
        if (knownDirectories.contains(dir)) {
            return;
        }
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                fsyncDirectory(dir.getParent());
            }
            knownDirectories.add(dir);
        } catch (IOException e) {
            throw new StoreUnavailableException("feedback store " + location() + " cannot create " + dir, e);
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private void removeStaleTempFiles() {
        FileTime cutoff = FileTime.from(Instant.now().minus(STALE_TEMP));
        try (Stream<Path> files = Files.list(temp)) {
            files.filter(f -> {
                try {
                    return Files.getLastModifiedTime(f).compareTo(cutoff) < 0;
                } catch (IOException e) {
                    return false;
                }
            }).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("stale temp files in %s not removed: %s", temp, e);
        }
    }
}
