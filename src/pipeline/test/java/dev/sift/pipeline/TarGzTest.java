package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives written by the system's tar (as SageMaker's Python tarfile writes them: ./-prefixed
 * names), and by Commons Compress where a test needs an entry no honest tar writes.
 */
class TarGzTest {
    @TempDir
    Path temp;

    @Test
    void extractsRegularFilesIncludingLongNamesAndBinaryContent() throws Exception {
        Path src = Files.createDirectories(temp.resolve("src"));
        byte[] model = new byte[70_001];
        new Random(1).nextBytes(model);
        Files.write(src.resolve("model.onnx"), model);
        Files.writeString(src.resolve("manifest.json"), "{\"name\": \"m\"}");
        String longName = "a".repeat(120) + ".json";
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("sub").resolve(longName), "deep");
        Path archive = temp.resolve("model.tar.gz");
        run("tar", "czf", archive.toString(), "-C", src.toString(), ".");

        Path out = temp.resolve("out");
        List<String> names = TarGz.extract(archive, out);
        assertEquals(3, names.size(), names.toString());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.onnx")));
        assertEquals("{\"name\": \"m\"}", Files.readString(out.resolve("manifest.json")));
        assertEquals("deep", Files.readString(out.resolve("sub").resolve(longName)));
    }

    @Test
    void refusesEntriesOutsideTheDirectory() throws Exception {
        Path src = Files.createDirectories(temp.resolve("a/b"));
        Files.writeString(temp.resolve("a/evil.txt"), "x");
        Path archive = temp.resolve("evil.tar.gz");
        run("tar", "czf", archive.toString(), "-C", src.toString(), "--absolute-names", "../evil.txt");
        IOException e = assertThrows(IOException.class, () -> TarGz.extract(archive, temp.resolve("out")));
        assertTrue(e.getMessage().contains("would land outside"), e.getMessage());
    }

    @Test
    void aPaxLongNameRoundTripsUnderItsFullName() throws Exception {
        // Over 100 bytes and not ASCII: tar writers put such a name in a pax header and only a
        // truncated one in the ustar header, which the hand-written reader used to extract.
        String name = "./assets/" + "词表".repeat(20) + "/" + "t".repeat(80) + ".json";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(name, "长名".getBytes(StandardCharsets.UTF_8));
        files.put("./manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
        Path archive = write("pax.tar.gz", files, TarArchiveOutputStream.LONGFILE_POSIX);

        Path out = temp.resolve("out");
        List<String> names = TarGz.extract(archive, out);
        assertEquals(List.of(name.substring(2), "manifest.json"), names);
        assertEquals("长名", Files.readString(out.resolve(name.substring(2))));
    }

    @Test
    void refusesAnArchiveWithMoreEntriesThanTheLimit() throws Exception {
        Path archive = write("many.tar.gz", Map.of("a", new byte[1], "b", new byte[1], "c", new byte[1]),
                TarArchiveOutputStream.LONGFILE_POSIX);
        IOException e = assertThrows(IOException.class,
                () -> TarGz.extract(archive, temp.resolve("out"), new TarGz.Limits(2, 100, 100)));
        assertTrue(e.getMessage().startsWith(archive + ": entry '"), e.getMessage());
        assertTrue(e.getMessage().endsWith("' is over the limit of 2 entries"), e.getMessage());
    }

    @Test
    void refusesAnEntryLargerThanThePerEntryLimit() throws Exception {
        Path archive = write("big.tar.gz", Map.of("model.onnx", new byte[101]), TarArchiveOutputStream.LONGFILE_POSIX);
        IOException e = assertThrows(IOException.class,
                () -> TarGz.extract(archive, temp.resolve("out"), new TarGz.Limits(10, 100, 1_000)));
        assertEquals(archive + ": entry 'model.onnx' is 101 bytes, over the limit of 100 bytes per entry", e.getMessage());
        assertFalse(Files.exists(temp.resolve("out/model.onnx")), "nothing of it written");
    }

    @Test
    void refusesAnArchiveLargerInAllThanTheTotalLimit() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.bin", new byte[80]);
        files.put("b.bin", new byte[80]);
        Path archive = write("total.tar.gz", files, TarArchiveOutputStream.LONGFILE_POSIX);
        IOException e = assertThrows(IOException.class,
                () -> TarGz.extract(archive, temp.resolve("out"), new TarGz.Limits(10, 100, 150)));
        assertEquals(archive + ": entry 'b.bin' brings the archive to 160 bytes, over the limit of 150 bytes in all",
                e.getMessage());
    }

    @Test
    void refusesADotDotEntry() throws Exception {
        Path archive = write("dotdot.tar.gz", Map.of("bundle/../../evil.txt", new byte[1]),
                TarArchiveOutputStream.LONGFILE_POSIX);
        Path out = temp.resolve("out");
        IOException e = assertThrows(IOException.class, () -> TarGz.extract(archive, out));
        assertEquals(archive + ": entry 'bundle/../../evil.txt' would land outside the extraction directory " + out,
                e.getMessage());
        assertFalse(Files.exists(temp.resolve("evil.txt")));
    }

    @Test
    void refusesAnAbsoluteName() throws Exception {
        Path archive = temp.resolve("absolute.tar.gz");
        try (TarArchiveOutputStream tar = tar(archive)) {
            TarArchiveEntry entry = new TarArchiveEntry("/tmp/evil.txt", true); // true: keep the leading slash
            entry.setSize(1);
            tar.putArchiveEntry(entry);
            tar.write(1);
            tar.closeArchiveEntry();
        }
        IOException e = assertThrows(IOException.class, () -> TarGz.extract(archive, temp.resolve("out")));
        assertEquals(archive + ": entry '/tmp/evil.txt' is an absolute path", e.getMessage());
    }

    @Test
    void refusesASymbolicLinkPointingOutside() throws Exception {
        Path archive = temp.resolve("link.tar.gz");
        try (TarArchiveOutputStream tar = tar(archive)) {
            TarArchiveEntry link = new TarArchiveEntry("sub/model.onnx", TarConstants.LF_SYMLINK);
            link.setLinkName("../../secret");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        Path out = temp.resolve("out");
        IOException e = assertThrows(IOException.class, () -> TarGz.extract(archive, out));
        assertEquals(archive + ": entry 'sub/model.onnx -> ../../secret' would land outside the extraction directory "
                + out, e.getMessage());
    }

    private Path write(String fileName, Map<String, byte[]> files, int longFileMode) throws IOException {
        Path archive = temp.resolve(fileName);
        try (TarArchiveOutputStream tar = tar(archive)) {
            tar.setLongFileMode(longFileMode);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    private static TarArchiveOutputStream tar(Path archive) throws IOException {
        OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(archive));
        return new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
    }
}
