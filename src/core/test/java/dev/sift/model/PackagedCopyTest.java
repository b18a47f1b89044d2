package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged app's model beside its jar: used when it holds the entry's bytes, ignored otherwise. */
class PackagedCopyTest {
    private static final String ENTRY = "sift/bundles/default/model.onnx";

    @TempDir
    Path temp;
    private Path jar;
    private byte[] model;

    @BeforeEach
    void jarWithAStoredModel() throws IOException {
        model = new byte[300_000];
        new Random(1).nextBytes(model);
        jar = temp.resolve("app").resolve("sift-serving.jar");
        Files.createDirectories(jar.getParent());
        CRC32 crc = new CRC32();
        crc.update(model);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            JarEntry entry = new JarEntry(ENTRY);
            entry.setMethod(JarEntry.STORED);
            entry.setSize(model.length);
            entry.setCrc(crc.getValue());
            out.putNextEntry(entry);
            out.write(model);
            out.closeEntry();
        }
    }

    private Path copy(byte[] bytes) throws IOException {
        Path copy = jar.resolveSibling("sift-serving.jar.files").resolve(ENTRY);
        Files.createDirectories(copy.getParent());
        return Files.write(copy, bytes);
    }

    private Optional<Path> lookUp() throws IOException {
        return PackagedCopy.of(new URL("jar:" + jar.toUri() + "!/" + ENTRY));
    }

    @Test
    void aCopyWithTheEntrysBytesIsUsed() throws IOException {
        Path copy = copy(model);
        assertEquals(Optional.of(copy), lookUp());
    }

    @Test
    void aCopyFromAnotherBuildOfTheSameSizeIsNot() throws IOException {
        byte[] other = model.clone();
        other[123_456] ^= 1;
        copy(other);
        assertTrue(lookUp().isEmpty(), "same size, other bytes: the jar's entry is read instead");
    }

    @Test
    void noCopyMeansTheJarIsRead() throws IOException {
        assertTrue(lookUp().isEmpty());
        copy(new byte[10]);
        assertTrue(lookUp().isEmpty(), "a copy of another size");
    }
}
