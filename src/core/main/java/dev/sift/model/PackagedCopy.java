package dev.sift.model;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * The plain-file copy of a jar entry that the build places beside the jar, so that ONNX Runtime
 * reads the packaged app's model from a path instead of sift copying 24 MB out of the jar into the
 * heap and from there into native memory (the Lambda zips have their bundle as plain files
 * already). The copy of {@code <dir>/app.jar!/sift/bundles/default/model.onnx} is
 * {@code <dir>/app.jar.files/sift/bundles/default/model.onnx} (the serving pom writes it from the
 * verified classes directory).
 *
 * <p>Used only when it holds the entry's bytes: same size, and the CRC-32 the jar's central
 * directory records for the entry. That is what tells a copy left over from another build (a
 * retrained model of the same architecture has the same size) from this one; it is not a defence
 * against someone who can write into the application's directory, who could replace the jar as
 * well. CRC-32 runs on hardware instructions (tens of ms for 24 MB on a cold JVM); SHA-256, which a
 * bundle that arrives at run time gets, costs half a second there.
 */
final class PackagedCopy {
    static final String SUFFIX = ".files";

    private PackagedCopy() {
    }

    static Optional<Path> of(URL jarEntry) {
        try {
            JarURLConnection connection = (JarURLConnection) jarEntry.openConnection();
            connection.setUseCaches(false);
            Path jar = Path.of(connection.getJarFileURL().toURI());
            Path copy = jar.resolveSibling(jar.getFileName() + SUFFIX).resolve(connection.getEntryName());
            if (!Files.isRegularFile(copy)) {
                return Optional.empty();
            }
            JarEntry entry;
            try (var file = connection.getJarFile()) {
                entry = file.getJarEntry(connection.getEntryName());
            }
            if (entry == null || entry.getSize() != Files.size(copy) || entry.getCrc() != crc32(copy)) {
                return Optional.empty();
            }
            return Optional.of(copy);
        } catch (IOException | ClassCastException | java.net.URISyntaxException | IllegalArgumentException e) {
            return Optional.empty(); // no usable copy: the entry is read from the jar as before
        }
    }

    static long crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return crc.getValue();
    }
}
