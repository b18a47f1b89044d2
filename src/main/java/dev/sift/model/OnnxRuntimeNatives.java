package dev.sift.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

import org.jboss.logging.Logger;

/**
 * Keeps ONNX Runtime's native libraries in one persistent directory instead of letting the Java
 * binding extract 22 MB into a fresh temp directory at every start (100–250 ms of each cold start
 * here). The first start copies them out of the onnxruntime jar into
 * {@code <tmp>/sift-onnxruntime-<version>-<platform>}; later starts find them there and point
 * {@code onnxruntime.native.path} at it. A path set by the operator is always respected. In a
 * Lambda package the libraries are already extracted, in the zip itself ({@link #usePackaged}).
 */
public final class OnnxRuntimeNatives {
    private static final Logger LOG = Logger.getLogger(OnnxRuntimeNatives.class);
    static final String PATH_PROPERTY = "onnxruntime.native.path";
    /** {@code false} leaves extraction to ONNX Runtime (the tests set it: they start the app's main in a shared JVM). */
    static final String CACHE_PROPERTY = "sift.onnxruntime.cache-natives";
    private static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");
    /** Where the Lambda zips carry one platform's libraries, in a folder named by the platform (LambdaZip, src/build/java). */
    static final String PACKAGED_DIRECTORY = "onnxruntime";

    private OnnxRuntimeNatives() {
    }

    /**
     * Must run before the first use of {@code ai.onnxruntime}; idempotent. Call it once per JVM from
     * the application's entry point only: the JVM refuses to load one library file into a second
     * class loader, which test harnesses with several class loaders per JVM would do.
     */
    public static synchronized void prepare() {
        if (System.getProperty(PATH_PROPERTY) != null
                || "false".equals(System.getProperty(CACHE_PROPERTY, System.getenv("SIFT_ONNXRUNTIME_CACHE_NATIVES")))) {
            return;
        }
        String platform = platform();
        if (platform == null) {
            return; // not Linux: leave ORT's own extraction in charge
        }
        try {
            // The directory is named by the ORT version the build bundled, so an upgrade never loads stale libraries.
            Path dir = Path.of(System.getProperty("java.io.tmpdir"),
                    "sift-onnxruntime-" + bundledVersion() + "-" + platform);
            for (String library : LIBRARIES) {
                copyIfAbsent("ai/onnxruntime/native/" + platform + "/" + library, dir.resolve(library));
            }
            System.setProperty(PATH_PROPERTY, dir.toString());
        } catch (IOException | RuntimeException e) {
            // Falling back to ORT's per-start extraction is slower but correct.
            LOG.warnf("cannot cache ONNX Runtime natives (%s); ONNX Runtime will extract them itself", e.getMessage());
        }
    }

    /**
     * On Lambda ({@code LAMBDA_TASK_ROOT} set): loads ONNX Runtime from the libraries the zip ships
     * under {@code onnxruntime/<platform>/}. /tmp starts empty in every new execution environment,
     * so the cache of {@link #prepare} would extract 22 MB at every cold start; the zip's copy costs
     * nothing (and the jar's copies are stripped from the package). A zip built for the other
     * architecture fails here, at init, with what to do. Must run before the first use of
     * {@code ai.onnxruntime}; does nothing outside Lambda or when a path is already set.
     */
    public static synchronized void usePackaged() {
        String taskRoot = System.getenv("LAMBDA_TASK_ROOT");
        if (System.getProperty(PATH_PROPERTY) != null || taskRoot == null) {
            return;
        }
        Path packaged = Path.of(taskRoot, PACKAGED_DIRECTORY);
        String platform = platform();
        Path dir = packaged.resolve(String.valueOf(platform));
        if (platform != null && LIBRARIES.stream().allMatch(library -> Files.isRegularFile(dir.resolve(library)))) {
            System.setProperty(PATH_PROPERTY, dir.toString());
            return;
        }
        String[] shipped = packaged.toFile().list();
        if (shipped != null && shipped.length > 0) {
            throw new IllegalStateException("this package carries ONNX Runtime libraries for " + String.join(", ", shipped)
                    + " but the function runs on " + System.getProperty("os.arch") + " (" + platform + "); build the zip"
                    + " for the function's architecture: make lambda LAMBDA_PLATFORM=linux-aarch64 for arm64, linux-x64 for x86_64");
        }
        LOG.warnf("%s has no ONNX Runtime libraries; ONNX Runtime will look in its jar", packaged);
    }

    private static String bundledVersion() throws IOException {
        java.util.Properties build = new java.util.Properties();
        try (InputStream in = OnnxRuntimeNatives.class.getClassLoader().getResourceAsStream("sift-build.properties")) {
            if (in == null) {
                throw new IOException("sift-build.properties is missing from the application");
            }
            build.load(in);
        }
        return build.getProperty("onnxruntime.version");
    }

    private static void copyIfAbsent(String resource, Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return;
        }
        try (InputStream in = OnnxRuntimeNatives.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath");
            }
            Files.createDirectories(target.getParent());
            // Written under a unique name and renamed, so a concurrent start never loads half a library.
            Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return null;
        }
        return switch (arch) {
            case "amd64", "x86_64" -> "linux-x64";
            case "aarch64", "arm64" -> "linux-aarch64";
            default -> null;
        };
    }
}
