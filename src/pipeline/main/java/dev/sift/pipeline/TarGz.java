package dev.sift.pipeline;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Extracts the regular files of a {@code .tar.gz} (SageMaker's {@code model.tar.gz}: the training
 * job's /opt/ml/model) into a directory. A few dozen lines instead of a compression library in
 * the Lambda zip: ustar and GNU headers, GNU long names, pax headers skipped; entries that would
 * land outside the directory are refused.
 */
final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    /** Returns the extracted files' paths relative to {@code dir}. */
    static List<String> extract(Path archive, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        Path root = dir.toAbsolutePath().normalize();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive)))) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (readFully(in, header)) {
                if (isZero(header)) {
                    break; // end-of-archive marker
                }
                String name = longName != null ? longName : entryName(header);
                longName = null;
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                if (type == 'L') { // GNU long name: the next entry's name is this entry's content
                    longName = new String(readEntry(in, size), StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                if (type == '0' || type == '\0') {
                    String relative = name.startsWith("./") ? name.substring(2) : name;
                    Path target = root.resolve(relative).normalize();
                    if (relative.isEmpty() || !target.startsWith(root) || target.equals(root)) {
                        throw new IOException(archive + ": entry '" + name + "' would land outside " + dir);
                    }
                    Files.createDirectories(target.getParent());
                    Files.write(target, readEntry(in, size));
                    names.add(root.relativize(target).toString());
                } else {
                    readEntry(in, size); // directories, links, pax headers: nothing to write
                }
            }
        }
        return names;
    }

    private static String entryName(byte[] header) {
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155); // ustar: long paths are split into prefix/name
        return prefix.isEmpty() || !"ustar".equals(field(header, 257, 5)) ? name : prefix + "/" + name;
    }

    private static byte[] readEntry(InputStream in, long size) throws IOException {
        if (size > Integer.MAX_VALUE - BLOCK) {
            throw new IOException("tar entry of " + size + " bytes is too large");
        }
        int padded = (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
        byte[] data = new byte[padded];
        if (!readFully(in, data)) {
            throw new IOException("tar archive ends inside an entry");
        }
        return java.util.Arrays.copyOf(data, (int) size);
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        if (buffer.length == 0) {
            return true; // an empty entry (a directory, an empty file)
        }
        int read = in.readNBytes(buffer, 0, buffer.length);
        if (read == 0) {
            return false;
        }
        if (read < buffer.length) {
            throw new IOException("tar archive is truncated");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        String digits = field(header, offset, length).trim();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar header has a size that is not octal: '" + digits + "'");
        }
    }
}
