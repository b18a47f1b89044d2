package dev.sift.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build step (pom.xml, generate-resources; a single-file program like LambdaZip): the SHA-256 of
 * each Linux ONNX Runtime library inside the onnxruntime jar this build packages, written as
 * {@code sift-onnxruntime-sha256.properties} ({@code linux-x64/libonnxruntime.so=<hex>}) into the
 * application's resources. {@code OnnxRuntimeNatives} checks the copies it keeps under /tmp against
 * these before ONNX Runtime loads them.
 *
 * <p>Computed here, once per build, rather than from the jar at run time: the point of keeping the
 * libraries in /tmp is that a start does not inflate 22 MB out of the jar, and hashing the jar's
 * entries would do exactly that at every start; a value stored beside the libraries in /tmp would
 * be no better than the files themselves.
 *
 * <p>Usage: {@code OnnxRuntimeChecksums <onnxruntime.jar> <out.properties>}
 */
public final class OnnxRuntimeChecksums {
    private static final Pattern LINUX_LIBRARY = Pattern.compile("ai/onnxruntime/native/(linux-[^/]+/[^/]+\\.so)");

    private OnnxRuntimeChecksums() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        if (args.length != 2) {
            System.err.println("usage: OnnxRuntimeChecksums <onnxruntime.jar> <out.properties>");
            System.exit(2);
        }
        Map<String, String> sums = new TreeMap<>();
        try (ZipFile jar = new ZipFile(args[0])) {
            for (Enumeration<? extends ZipEntry> entries = jar.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                Matcher library = LINUX_LIBRARY.matcher(entry.getName());
                if (library.matches()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        sums.put(library.group(1), sha256(in));
                    }
                }
            }
        }
        if (sums.isEmpty()) {
            throw new IOException(args[0] + " holds no Linux ONNX Runtime libraries under ai/onnxruntime/native/");
        }
        StringBuilder out = new StringBuilder("# SHA-256 of the ONNX Runtime libraries in ")
                .append(Path.of(args[0]).getFileName()).append(" (written by the build: OnnxRuntimeChecksums)\n");
        sums.forEach((library, sum) -> out.append(library).append('=').append(sum).append('\n'));
        Path target = Path.of(args[1]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, out, StandardCharsets.ISO_8859_1);
    }

    private static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0;) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
