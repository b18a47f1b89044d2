package dev.sift.pipeline;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts the regular files of a {@code .tar.gz} (SageMaker's {@code model.tar.gz}: the training
 * job's /opt/ml/model) into a directory, within {@link Limits}.
 *
 * <p>Apache Commons Compress reads the tar format; this class only decides what may be written.
 * It replaced a hand-written reader that ignored pax headers, so a pax {@code path} (how Python's
 * tarfile, SageMaker's packer, writes a name over 100 bytes or a non-ASCII one) was lost and the
 * file landed under its truncated ustar name; and that had no size cap, so a small gzip could fill
 * the evaluate Lambda's /tmp.
 *
 * <p>Refused, naming the archive and the entry: a name that is absolute or leads outside the
 * directory, a link whose target does, more entries or bytes than the limits. Links that stay
 * inside, directories and special files are not extracted (a bundle is regular files).
 */
final class TarGz {
    /**
     * What an archive may hold. {@link #BUNDLE} fits a bundle with room to spare (about five files;
     * an int8 bge-small is 24 MB, its fp32 twin 95 MB, an fp32 bge-base 400 MB) and keeps the
     * download plus what it expands to under 1.5 GiB of the pipeline Lambda's 2 GiB of /tmp.
     */
    record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes) {
        static final Limits BUNDLE = new Limits(1_000, 512L << 20, 768L << 20);
    }

    private TarGz() {
    }

    /** Returns the extracted files' paths relative to {@code dir}, within {@link Limits#BUNDLE}. */
    static List<String> extract(Path archive, Path dir) throws IOException {
        return extract(archive, dir, Limits.BUNDLE);
    }

    static List<String> extract(Path archive, Path dir, Limits limits) throws IOException {
        List<String> names = new ArrayList<>();
        Path root = Files.createDirectories(dir).toAbsolutePath().normalize();
        long total = 0;
        int entries = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (++entries > limits.maxEntries()) {
                    throw new IOException(archive + ": entry '" + name + "' is over the limit of "
                            + limits.maxEntries() + " entries");
                }
                Path target = resolve(archive, root, root, name, name);
                if (entry.isSymbolicLink() || entry.isLink()) {
                    // A hard link names another entry (relative to the root), a symbolic link is relative to its directory.
                    Path base = entry.isLink() ? root : target.getParent();
                    resolve(archive, root, base, entry.getLinkName(), name + " -> " + entry.getLinkName());
                    continue;
                }
                if (!entry.isFile()) {
                    continue; // directories (created as files need them), devices, FIFOs: nothing to write
                }
                if (target.equals(root)) {
                    throw new IOException(archive + ": entry '" + name + "' names the extraction directory itself");
                }
                // getRealSize: a sparse entry expands to more than the bytes it occupies in the archive.
                long size = Math.max(entry.getSize(), entry.getRealSize());
                if (size > limits.maxEntryBytes()) {
                    throw new IOException(archive + ": entry '" + name + "' is " + size
                            + " bytes, over the limit of " + limits.maxEntryBytes() + " bytes per entry");
                }
                if (total + size > limits.maxTotalBytes()) {
                    throw new IOException(archive + ": entry '" + name + "' brings the archive to " + (total + size)
                            + " bytes, over the limit of " + limits.maxTotalBytes() + " bytes in all");
                }
                Files.createDirectories(target.getParent());
                total += copy(tar, target, size, archive, name);
                names.add(root.relativize(target).toString());
            }
        }
        return names;
    }

    /** Writes the entry's bytes, at most {@code size} of them: the header's size is checked, not trusted. */
    private static long copy(InputStream entry, Path target, long size, Path archive, String name) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(target, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (int n; (n = entry.read(buffer)) > 0; written += n) {
                if (written + n > size) {
                    throw new IOException(archive + ": entry '" + name + "' holds more than the " + size
                            + " bytes its header declares");
                }
                out.write(buffer, 0, n);
            }
        }
        return written;
    }

    /** {@code name} resolved against {@code base}, refused if it is absolute or leads out of {@code root}. */
    private static Path resolve(Path archive, Path root, Path base, String name, String shown) throws IOException {
        if (name.startsWith("/")) {
            throw new IOException(archive + ": entry '" + shown + "' is an absolute path");
        }
        Path target = base.resolve(name).normalize();
        if (!target.startsWith(root)) {
            throw new IOException(archive + ": entry '" + shown + "' would land outside the extraction directory " + root);
        }
        return target;
    }
}
