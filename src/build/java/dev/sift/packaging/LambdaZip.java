package dev.sift.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
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
 * <li>every {@code lib/*.jar} is rewritten with its entries stored, not deflated. The outer zip then
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
                        data = storedJar(data);
                    }
                    put(out, entry.getName(), entry.getTime(), data);
                }
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

    /** The same jar with every entry STORED (a stored entry must declare its size and CRC up front). */
    static byte[] storedJar(byte[] jar) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(jar.length * 3);
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(buffer)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                byte[] data = in.readAllBytes();
                if (entry.getName().startsWith(JAR_NATIVES)) {
                    // The zip carries its platform's libraries pre-extracted; the serving zips' ORT jar
                    // arrives without these already (Quarkus's removed-resources), the pipeline zip's does not.
                    continue;
                }
                ZipEntry stored = new ZipEntry(entry.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(data.length);
                stored.setCompressedSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                stored.setCrc(crc.getValue());
                stored.setTime(entry.getTime());
                out.putNextEntry(stored);
                out.write(data);
                out.closeEntry();
            }
        }
        return buffer.toByteArray();
    }
}
