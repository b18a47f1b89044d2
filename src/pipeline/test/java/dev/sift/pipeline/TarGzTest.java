package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written by the system's tar (as SageMaker's Python tarfile writes them: ./-prefixed names). */
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

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
    }
}
