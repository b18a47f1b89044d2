package dev.sift.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the Lambda zip this profile built (dist/sift-lambda*.zip) contains, checked on the file itself. */
class LambdaZipContentsIT {
    /** The budget, in bytes: below Lambda's 50 MB limit for a direct upload, with room to spare. */
    static final long MAX_BYTES = 45_000_000;
    /** LambdaZip's merge of the library jars (src/build/java is run as a script, not compiled with the tests). */
    static final String MERGED_LIBRARIES = "lib/0-libraries.jar";
    private static Path zip;
    private static String platform;

    @BeforeAll
    static void locate() {
        zip = Path.of(System.getProperty("test.lambda.zip"));
        platform = System.getProperty("test.lambda.platform");
        assertTrue(Files.isRegularFile(zip), zip + " is missing");
    }

    @Test
    void fitsTheSizeBudgetWithTheModelBundleInside() throws IOException {
        long size = Files.size(zip);
        assertTrue(size <= MAX_BYTES, zip + " is " + size + " bytes; the budget is " + MAX_BYTES);
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (String file : List.of("manifest.json", "model.onnx", "tokenizer.json", "tokenizer.bin")) {
                assertTrue(archive.getEntry("sift/bundles/default/" + file) != null, "default bundle's " + file);
            }
        }
    }

    @Test
    void carriesNoRetrainPipeline() throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            List<String> pipeline = Collections.list(archive.entries()).stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("dev/sift/pipeline/")).toList();
            assertEquals(List.of(), pipeline, "the retrain steps have their own zip (sift-pipeline)");
        }
    }

    @Test
    void carriesOnePlatformsOnnxRuntimeLibrariesExtractedAndNoneInsideJars() throws IOException {
        List<String> natives = new ArrayList<>();
        List<String> nativesInJars = new ArrayList<>();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(archive.entries())) {
                String name = entry.getName();
                if (name.startsWith("onnxruntime/")) {
                    natives.add(name);
                    try (InputStream in = archive.getInputStream(entry)) {
                        assertEquals(elfMachine(platform), elfMachine(in.readNBytes(20)), name + " is not a " + platform + " ELF library");
                    }
                } else if (name.startsWith("ai/onnxruntime/native/")) {
                    nativesInJars.add(name);
                } else if (name.endsWith(".jar")) {
                    try (InputStream in = archive.getInputStream(entry)) {
                        for (String inner : jarEntries(in.readAllBytes(), null)) {
                            if (inner.startsWith("ai/onnxruntime/native/") && !inner.endsWith("/")) {
                                nativesInJars.add(name + "!" + inner);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(List.of("onnxruntime/" + platform + "/libonnxruntime.so",
                "onnxruntime/" + platform + "/libonnxruntime4j_jni.so")), new TreeSet<>(natives));
        assertEquals(List.of(), nativesInJars, "ONNX Runtime natives left inside the package's jars");
    }

    @Test
    void storesJarEntriesSoTheZipCompressesThemTogether() throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            int jars = 0;
            for (ZipEntry entry : Collections.list(archive.entries())) {
                if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
                    jars++;
                    List<String> deflated = new ArrayList<>();
                    try (InputStream in = archive.getInputStream(entry)) {
                        jarEntries(in.readAllBytes(), deflated);
                    }
                    assertEquals(List.of(), deflated, entry.getName() + " has deflated entries");
                }
            }
            assertTrue(jars >= 1, "no jars in lib/");
        }
    }

    @Test
    void mergesTheLibrariesIntoOneJarBesideTheMultiReleaseOnes() throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            ZipEntry merged = archive.getEntry(MERGED_LIBRARIES);
            assertTrue(merged != null, "no " + MERGED_LIBRARIES);
            List<String> names;
            try (InputStream in = archive.getInputStream(merged)) {
                names = jarEntries(in.readAllBytes(), null);
            }
            assertTrue(names.contains("io/quarkus/runtime/Quarkus.class"), "Quarkus's runtime is in the merged jar");
            assertEquals(names.size(), new TreeSet<>(names).size(), "one entry per name");
            assertTrue(!names.contains("META-INF/INDEX.LIST") && !names.contains("module-info.class"),
                    "no jar index or module descriptor of one of the merged jars");
            assertTrue(names.stream().anyMatch(n -> n.startsWith("META-INF/licenses/") && n.contains("/LICENSE")),
                    "each jar's licence kept under META-INF/licenses/<jar>/");
            for (ZipEntry entry : Collections.list(archive.entries())) {
                String name = entry.getName();
                if (name.startsWith("lib/") && name.endsWith(".jar") && !name.equals(MERGED_LIBRARIES)) {
                    try (InputStream in = archive.getInputStream(entry)) {
                        assertTrue(hasVersionedClasses(in.readAllBytes()), name + " has no classes for newer JDKs, so it belongs in the merge");
                    }
                }
            }
        }
    }

    /** Multi-release with versioned classes other than a module descriptor: the jars LambdaZip leaves unmerged. */
    private static boolean hasVersionedClasses(byte[] jar) throws IOException {
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(new ByteArrayInputStream(jar))) {
            if (in.getManifest() == null || !"true".equalsIgnoreCase(in.getManifest().getMainAttributes().getValue("Multi-Release"))) {
                return false;
            }
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                if (entry.getName().startsWith("META-INF/versions/") && entry.getName().endsWith(".class")
                        && !entry.getName().endsWith("module-info.class")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static List<String> jarEntries(byte[] jar, List<String> deflated) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                names.add(entry.getName());
                if (deflated != null && entry.getMethod() != ZipEntry.STORED) {
                    deflated.add(entry.getName());
                }
            }
        }
        return names;
    }

    /** ELF e_machine: 62 x86-64, 183 AArch64. */
    private static int elfMachine(String platform) {
        return switch (platform) {
            case "linux-x64" -> 62;
            case "linux-aarch64" -> 183;
            default -> throw new IllegalArgumentException("unknown platform " + platform);
        };
    }

    private static int elfMachine(byte[] header) {
        assertTrue(header[0] == 0x7f && header[1] == 'E' && header[2] == 'L' && header[3] == 'F', "not an ELF file");
        return (header[18] & 0xff) | (header[19] & 0xff) << 8;
    }
}
