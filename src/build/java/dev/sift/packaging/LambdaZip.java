package dev.sift.packaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Turns Quarkus's {@code function.zip} into the Lambda deployment zip (run by the lambda Maven
 * profiles as a single-file program, {@code java LambdaZip.java ...}; it is a build step, not part
 * of the application):
 * <ul>
 * <li>the libraries are merged into one jar, {@code lib/0-libraries.jar}; only multi-release jars
 * with classes for newer JDKs stay apart (Jackson's core, jboss-threads, Vert.x's core), because
 * versioned classes work only inside a jar of their own. The managed
 * runtime's class loader looks a class up in the task root, then in each {@code lib/*.jar} in turn,
 * and the zips held 94 and 153 jars: merged, the direct zip's cold start went from 1,480 to 1,360 ms
 * and the API Gateway zip's from 2,099 to 1,893 ms (9 rounds interleaved,
 * {@code src/bench/results/lambda-merged-libraries.txt}). Service
 * files ({@code META-INF/services}) are concatenated, each jar's licence and notice files kept
 * under {@code META-INF/licenses/<jar>/}, any other duplicate keeps the first jar's copy, in the
 * runtime's order (file names sorted);</li>
 * <li>every jar is written with its entries stored, not deflated. The outer zip then
 * deflates each jar as one stream, which compresses class files about a third better than
 * deflating them one by one (the S3 SDK jar: 3.9 MB as shipped, 2.7 MB this way); Lambda unpacks
 * the zip once per deployment, and the JVM then reads classes from the stored jars without
 * inflating them at every cold start;</li>
 * <li>one platform's ONNX Runtime libraries are added, already extracted, under {@code onnxruntime/<platform>/}
 * (the jar's own copies of all five platforms are stripped by the {@code %lambda} build settings),
 * so no cold start extracts 22 MB; {@code OnnxRuntimeNatives.usePackaged} points ONNX Runtime
 * there.</li>
 * </ul>
 * <p>The serving zips start from Quarkus's {@code function.zip}; the pipeline zip from the same layout
 * (classes at the root, jars in {@code lib/}) zipped by its module's build.
 * Usage: {@code LambdaZip <function.zip> <onnxruntime.jar> <linux-x64|linux-aarch64> <out.zip>}
 */
public final class LambdaZip {
    static final String NATIVES = "onnxruntime/";
    /** Sorts before every Maven-named jar, so the runtime looks in it first. */
    static final String MERGED_LIBRARIES = "lib/0-libraries.jar";
    private static final String JAR_NATIVES = "ai/onnxruntime/native/";

    private LambdaZip() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: LambdaZip <function.zip> <onnxruntime.jar> <linux-x64|linux-aarch64> <out.zip>");
            System.exit(2);
        }
        Path functionZip = Path.of(args[0]);
        Path onnxRuntimeJar = Path.of(args[1]);
        String platform = args[2];
        Path target = Path.of(args[3]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            // By name: the order the runtime's class loader searches lib/, so the merge keeps its first copies.
            TreeMap<String, LibraryJar> jars = new TreeMap<>();
            try (ZipFile in = new ZipFile(functionZip.toFile())) {
                for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements();) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.isDirectory()) {
                        continue;
                    }
                    byte[] data;
                    try (InputStream stream = in.getInputStream(entry)) {
                        data = stream.readAllBytes();
                    }
                    if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
                        jars.put(entry.getName(), new LibraryJar(entry.getTime(), data));
                    } else {
                        put(out, entry.getName(), entry.getTime(), data);
                    }
                }
            }
            LibraryMerge merge = new LibraryMerge();
            long newest = 0;
            for (Map.Entry<String, LibraryJar> jar : jars.entrySet()) {
                LibraryJar library = jar.getValue();
                if (hasVersionedClasses(library.data())) {
                    put(out, jar.getKey(), library.time(), storedJar(library.data()));
                } else {
                    merge.add(jar.getKey().substring("lib/".length()), library.data());
                    newest = Math.max(newest, library.time());
                }
            }
            if (!merge.isEmpty()) {
                put(out, MERGED_LIBRARIES, newest, merge.storedJar());
            }
            int natives = 0;
            String prefix = "ai/onnxruntime/native/" + platform + "/";
            try (ZipFile ort = new ZipFile(onnxRuntimeJar.toFile())) {
                for (Enumeration<? extends ZipEntry> entries = ort.entries(); entries.hasMoreElements();) {
                    ZipEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (name.startsWith(prefix) && name.endsWith(".so") && name.indexOf('/', prefix.length()) < 0) {
                        try (InputStream stream = ort.getInputStream(entry)) {
                            put(out, NATIVES + platform + "/" + name.substring(prefix.length()), entry.getTime(),
                                    stream.readAllBytes());
                        }
                        natives++;
                    }
                }
            }
            if (natives == 0) {
                throw new IOException(onnxRuntimeJar + " has no libraries for platform '" + platform
                        + "' (use linux-x64 or linux-aarch64)");
            }
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("%s: %.1f MB (ONNX Runtime natives under %s%s/)%n", target, Files.size(target) / 1e6, NATIVES, platform);
    }

    private static void put(ZipOutputStream out, String name, long time, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(time);
        out.putNextEntry(entry);
        out.write(data);
        out.closeEntry();
    }

    /** A library jar of the function zip: its entry's time and its bytes. */
    private record LibraryJar(long time, byte[] data) {
    }

    /** The same jar with every entry STORED (a stored entry must declare its size and CRC up front). */
    static byte[] storedJar(byte[] jar) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(jar.length * 3);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(buffer)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                byte[] data = in.readAllBytes();
                if (entry.getName().startsWith(JAR_NATIVES)) {
                    // The zip carries its platform's libraries pre-extracted; the serving zips' ORT jar
                    // arrives without these already (Quarkus's removed-resources), the pipeline zip's does not.
                    continue;
                }
                putStored(out, entry.getName(), entry.getTime(), data);
            }
        }
        return buffer.toByteArray();
    }

    static void putStored(ZipOutputStream out, String name, long time, byte[] data) throws IOException {
        ZipEntry stored = new ZipEntry(name);
        stored.setMethod(ZipEntry.STORED);
        stored.setSize(data.length);
        stored.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        stored.setCrc(crc.getValue());
        stored.setTime(time);
        out.putNextEntry(stored);
        out.write(data);
        out.closeEntry();
    }

    /**
     * Whether the jar is multi-release with classes of its own for newer JDKs. Many jars are
     * multi-release only to carry a {@code module-info.class} for Java 9+, which a merge drops.
     */
    static boolean hasVersionedClasses(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            if (manifest == null || !"true".equalsIgnoreCase(manifest.getMainAttributes().getValue("Multi-Release"))) {
                return false;
            }
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                String name = entry.getName();
                if (name.startsWith("META-INF/versions/") && name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Library jars merged into one, in the order they are added (the class loader's order). */
    static final class LibraryMerge {
        private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>();
        private final LinkedHashMap<String, ByteArrayOutputStream> services = new LinkedHashMap<>();

        void add(String jarName, byte[] jar) throws IOException {
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                    String name = entry.getName();
                    byte[] data = in.readAllBytes();
                    if (entry.isDirectory() || name.startsWith(JAR_NATIVES) || skipped(name)) {
                        continue;
                    }
                    if (name.startsWith("META-INF/services/")) {
                        ByteArrayOutputStream lines = services.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                        lines.write(data);
                        lines.write('\n');
                    } else if (isLicence(name)) {
                        entries.put("META-INF/licenses/" + jarName + "/" + name.substring("META-INF/".length()), data);
                    } else {
                        entries.putIfAbsent(name, data);
                    }
                }
            }
        }

        boolean isEmpty() {
            return entries.isEmpty() && services.isEmpty();
        }

        /** Takes these entries (the copies kept, by name) out of the merge, for a jar of their own. */
        Map<String, byte[]> remove(Collection<String> names) {
            Map<String, byte[]> removed = new LinkedHashMap<>();
            for (String name : names) {
                byte[] data = entries.remove(name);
                if (data != null) {
                    removed.put(name, data);
                }
            }
            return removed;
        }

        /** A jar's own index, manifest, signature and module descriptor describe that jar, not the merge. */
        private static boolean skipped(String name) {
            String upper = name.toUpperCase(Locale.ROOT);
            return upper.equals("META-INF/MANIFEST.MF") || upper.equals("META-INF/INDEX.LIST")
                    || name.endsWith("module-info.class")
                    || (upper.startsWith("META-INF/") && upper.indexOf('/', "META-INF/".length()) < 0
                            && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")));
        }

        private static boolean isLicence(String name) {
            if (!name.startsWith("META-INF/") || name.indexOf('/', "META-INF/".length()) >= 0) {
                return false;
            }
            String file = name.substring("META-INF/".length()).toUpperCase(Locale.ROOT);
            return file.startsWith("LICENSE") || file.startsWith("NOTICE") || file.endsWith("-LICENSE")
                    || file.startsWith("THIRD_PARTY");
        }

        byte[] storedJar() throws IOException {
            return storedJar("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
        }

        /** The merge as one jar of stored entries, with this manifest (AppJar's names a main class). */
        byte[] storedJar(byte[] manifest) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(buffer)) {
                putStored(out, "META-INF/MANIFEST.MF", 0, manifest);
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    putStored(out, entry.getKey(), 0, entry.getValue());
                }
                for (Map.Entry<String, ByteArrayOutputStream> entry : services.entrySet()) {
                    putStored(out, entry.getKey(), 0, entry.getValue().toByteArray());
                }
            }
            return buffer.toByteArray();
        }
    }
}
