package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app's copy of ONNX Runtime's libraries in {@code <tmp>/sift-onnxruntime-<version>-<platform>}:
 * a path anyone on the machine can predict, so what is found there must not be trusted as found.
 * Nothing here loads a library; the tests look at what {@link OnnxRuntimeNatives#prepare} would
 * point ONNX Runtime at.
 */
class OnnxRuntimeNativesTest {
    private static final String[] SETTINGS = {OnnxRuntimeNatives.PATH_PROPERTY, "java.io.tmpdir"};

    @TempDir
    Path tmp;
    private final Map<String, String> saved = new HashMap<>();
    private String platform;

    @BeforeEach
    void pointTheCacheAtATemporaryTmp() {
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "the cache is for Linux");
        platform = arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64" : "linux-aarch64";
        for (String key : SETTINGS) {
            saved.put(key, System.getProperty(key));
        }
        System.clearProperty(OnnxRuntimeNatives.PATH_PROPERTY);
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    @AfterEach
    void restore() {
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    private Path cacheDirectory() throws IOException {
        try (Stream<Path> dirs = Files.list(tmp)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("sift-onnxruntime-")).findFirst().orElseThrow();
        }
    }

    private byte[] fromTheJar(String library) throws IOException {
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("ai/onnxruntime/native/" + platform + "/" + library)) {
            return in.readAllBytes();
        }
    }

    @Test
    void replacesAPlantedLibraryWithTheOneTheApplicationShips() throws IOException {
        OnnxRuntimeNatives.prepare(true);
        Path dir = cacheDirectory();
        assertEquals(dir.toString(), System.getProperty(OnnxRuntimeNatives.PATH_PROPERTY));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), "private to this user");
        Path jni = dir.resolve("libonnxruntime4j_jni.so");
        Files.write(jni, "planted: not the library the jar ships".getBytes(StandardCharsets.UTF_8));

        System.clearProperty(OnnxRuntimeNatives.PATH_PROPERTY);
        OnnxRuntimeNatives.prepare(true);

        assertArrayEquals(fromTheJar("libonnxruntime4j_jni.so"), Files.readAllBytes(jni), "the planted file is replaced");
        assertEquals(dir.toString(), System.getProperty(OnnxRuntimeNatives.PATH_PROPERTY));
    }

    @Test
    void leavesExtractionToOnnxRuntimeWhenCachingIsOff() throws IOException {
        OnnxRuntimeNatives.prepare(false);

        assertNull(System.getProperty(OnnxRuntimeNatives.PATH_PROPERTY));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(0, files.count(), "nothing is extracted");
        }
    }

    @Test
    void refusesADirectoryOthersCanWriteTo() throws IOException {
        OnnxRuntimeNatives.prepare(true);
        Path dir = cacheDirectory();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.write(dir.resolve("libonnxruntime4j_jni.so"), "planted".getBytes(StandardCharsets.UTF_8));

        System.clearProperty(OnnxRuntimeNatives.PATH_PROPERTY);
        OnnxRuntimeNatives.prepare(true);

        // Not used: ONNX Runtime falls back to extracting into a fresh directory of its own.
        assertNull(System.getProperty(OnnxRuntimeNatives.PATH_PROPERTY));
    }

    @Test
    void saysWhyItRefusesADirectoryOthersCanWriteTo() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
        IOException e = assertThrows(IOException.class,
                () -> OnnxRuntimeNatives.extractInto(dir, platform, OnnxRuntimeNatives.packagedChecksums(platform)));
        assertEquals("ONNX Runtime natives directory " + dir + " is writable by its group or others (rwxrwxr-x);"
                + " refusing to use it: chmod 700 it or remove it", e.getMessage());
        assertFalse(Files.exists(dir.resolve("libonnxruntime.so")), "nothing is extracted into it");
    }

    @Test
    void refusesLibrariesThatDoNotMatchWhatTheBuildRecorded() {
        Map<String, String> other = Map.of("libonnxruntime.so", "0".repeat(64), "libonnxruntime4j_jni.so", "0".repeat(64));
        IOException e = assertThrows(IOException.class,
                () -> OnnxRuntimeNatives.extractInto(tmp.resolve("natives"), platform, other));
        assertTrue(e.getMessage().contains("does not match the SHA-256 recorded when the application was built"),
                e.getMessage());
    }

    @Test
    void theBuildRecordedTheSha256OfBothLibraries() throws IOException, NoSuchAlgorithmException {
        Map<String, String> sums = OnnxRuntimeNatives.packagedChecksums(platform);
        assertEquals(2, sums.size(), sums.toString());
        for (String library : sums.keySet()) {
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fromTheJar(library))),
                    sums.get(library), library);
        }
    }

    @Test
    void usesTheLibrariesBesideThePackagedAppWithoutExtractingAnything() throws IOException {
        Path app = packagedApp("libonnxruntime.so", "libonnxruntime4j_jni.so");
        Path natives = app.resolve("onnxruntime").resolve(platform);

        assertTrue(OnnxRuntimeNatives.useBesideApplication(Optional.of(app)));

        assertEquals(natives.toString(), System.getProperty(OnnxRuntimeNatives.PATH_PROPERTY));
        OnnxRuntimeNatives.prepare(true);
        assertEquals(natives.toString(), System.getProperty(OnnxRuntimeNatives.PATH_PROPERTY), "the cache stays out of it");
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "nothing extracted into tmp");
        }
    }

    @Test
    void fallsBackToTheCacheWhenThePackagedAppLacksALibrary() throws IOException {
        Path app = packagedApp("libonnxruntime.so");

        assertFalse(OnnxRuntimeNatives.useBesideApplication(Optional.of(app)));
        assertFalse(OnnxRuntimeNatives.useBesideApplication(Optional.empty()));
        assertNull(System.getProperty(OnnxRuntimeNatives.PATH_PROPERTY));
    }

    @Test
    void leavesAnOperatorsPathAlone() throws IOException {
        Path app = packagedApp("libonnxruntime.so", "libonnxruntime4j_jni.so");
        System.setProperty(OnnxRuntimeNatives.PATH_PROPERTY, "/opt/ort");

        assertFalse(OnnxRuntimeNatives.useBesideApplication(Optional.of(app)));
        assertEquals("/opt/ort", System.getProperty(OnnxRuntimeNatives.PATH_PROPERTY));
    }

    /** A quarkus-app folder whose onnxruntime/<platform>/ holds stand-ins named {@code libraries}. */
    private Path packagedApp(String... libraries) throws IOException {
        Path app = tmp.resolve("quarkus-app");
        Path natives = Files.createDirectories(app.resolve("onnxruntime").resolve(platform));
        for (String library : libraries) {
            Files.writeString(natives.resolve(library), "stand-in");
        }
        return app;
    }
}
