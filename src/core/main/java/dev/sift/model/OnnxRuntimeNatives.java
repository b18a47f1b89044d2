package dev.sift.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.jboss.logging.Logger;

/**
 * Keeps ONNX Runtime's native libraries in one persistent directory instead of letting the Java
 * binding extract 22 MB into a fresh temp directory at every start (100–250 ms of each cold start
 * here). The first start copies them out of the onnxruntime jar into
 * {@code <tmp>/sift-onnxruntime-<version>-<platform>}; later starts find them there and point
 * {@code onnxruntime.native.path} at it. A path set by the operator is always respected. In a
 * Lambda package the libraries are already extracted, in the zip itself ({@link #usePackaged}).
 *
 * <p>That name is predictable, and the process runs whatever library it finds there. So the
 * directory must be private to this user ({@link PrivateDirectory}: else ONNX Runtime extracts
 * into a fresh directory of its own, as without the cache), and each library must have the
 * SHA-256 the build recorded from the jar ({@code sift-onnxruntime-sha256.properties}, written by
 * src/build/java/dev/sift/packaging/OnnxRuntimeChecksums.java, which says why at build time); one
 * that does not is replaced from the jar. The price is hashing 22 MB at every start: 20–40 ms once
 * the JIT has compiled SHA-256, 190–580 ms in a fresh JVM on two cores shared with other builds
 * (measured here; not yet measured on a quiet machine against the extraction it replaces). The
 * Lambda zips are not concerned: their libraries are in the read-only task root.
 */
public final class OnnxRuntimeNatives {
    private static final Logger LOG = Logger.getLogger(OnnxRuntimeNatives.class);
    static final String PATH_PROPERTY = "onnxruntime.native.path";
    private static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");
    /** Where the Lambda zips carry one platform's libraries, in a folder named by the platform (LambdaZip, src/build/java). */
    static final String PACKAGED_DIRECTORY = "onnxruntime";
    static final String CHECKSUMS = "sift-onnxruntime-sha256.properties";

    private OnnxRuntimeNatives() {
    }

    /**
     * Must run before the first use of {@code ai.onnxruntime}; idempotent. Call it once per JVM from
     * the application's entry point only: the JVM refuses to load one library file into a second
     * class loader, which test harnesses with several class loaders per JVM would do.
     *
     * @param cacheNatives the {@code sift.onnxruntime.cache-natives} setting; {@code false} leaves
     *        extraction to ONNX Runtime (the tests set it: they start the app's main in a shared JVM)
     */
    public static synchronized void prepare(boolean cacheNatives) {
        if (System.getProperty(PATH_PROPERTY) != null || !cacheNatives) {
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
            extractInto(dir, platform, packagedChecksums(platform));
            System.setProperty(PATH_PROPERTY, dir.toString());
        } catch (IOException | RuntimeException e) {
            // Falling back to ORT's per-start extraction (a fresh directory of its own) is slower but correct.
            LOG.warnf("cannot cache ONNX Runtime natives (%s); ONNX Runtime will extract them itself", e.getMessage());
        }
    }

    /**
     * Makes {@code dir} hold this platform's libraries exactly as the jar ships them: refuses a
     * directory that is not private to this user, keeps a library whose SHA-256 is the recorded
     * one and replaces any other file of its name.
     */
    static void extractInto(Path dir, String platform, Map<String, String> sha256) throws IOException {
        PrivateDirectory.require(dir, "ONNX Runtime natives directory");
        for (String library : LIBRARIES) {
            String expected = sha256.get(library);
            if (expected == null) {
                throw new IOException(CHECKSUMS + " has no SHA-256 for " + platform + "/" + library);
            }
            Path target = dir.resolve(library);
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && expected.equals(sha256(target))) {
                continue;
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                LOG.warnf("%s is not the library this application ships (SHA-256 differs); replacing it", target);
            }
            copy("ai/onnxruntime/native/" + platform + "/" + library, target);
            if (!expected.equals(sha256(target))) {
                throw new IOException("the onnxruntime jar's " + platform + "/" + library
                        + " does not match the SHA-256 recorded when the application was built");
            }
        }
    }

    /** The SHA-256 of each of {@code platform}'s libraries, as the build recorded them. */
    static Map<String, String> packagedChecksums(String platform) throws IOException {
        Properties sums = new Properties();
        try (InputStream in = OnnxRuntimeNatives.class.getClassLoader().getResourceAsStream(CHECKSUMS)) {
            if (in == null) {
                throw new IOException(CHECKSUMS + " is missing from the application");
            }
            sums.load(in);
        }
        Map<String, String> forPlatform = new HashMap<>();
        for (String library : LIBRARIES) {
            String sum = sums.getProperty(platform + "/" + library);
            if (sum != null) {
                forPlatform.put(library, sum);
            }
        }
        return forPlatform;
    }

    /**
     * On Lambda ({@code lambdaTaskRoot}: the runtime's {@code LAMBDA_TASK_ROOT}): loads ONNX Runtime from the libraries the zip ships
     * under {@code onnxruntime/<platform>/}. /tmp starts empty in every new execution environment,
     * so the cache of {@link #prepare} would extract 22 MB at every cold start; the zip's copy costs
     * nothing (and the jar's copies are stripped from the package). A zip built for the other
     * architecture fails here, at init, with what to do. Must run before the first use of
     * {@code ai.onnxruntime}; does nothing outside Lambda or when a path is already set.
     */
    public static synchronized void usePackaged(Optional<Path> lambdaTaskRoot) {
        if (System.getProperty(PATH_PROPERTY) != null || lambdaTaskRoot.isEmpty()) {
            return;
        }
        Optional<Path> dir = shippedForThisPlatform(lambdaTaskRoot.get());
        if (dir.isPresent()) {
            System.setProperty(PATH_PROPERTY, dir.get().toString());
            return;
        }
        Path packaged = lambdaTaskRoot.get().resolve(PACKAGED_DIRECTORY);
        String[] shipped = packaged.toFile().list();
        if (shipped != null && shipped.length > 0) {
            throw new IllegalStateException("this package carries ONNX Runtime libraries for " + String.join(", ", shipped)
                    + " but the function runs on " + System.getProperty("os.arch") + " (" + platform() + "); build the zip"
                    + " for the function's architecture: make lambda LAMBDA_PLATFORM=linux-aarch64 for arm64, linux-x64 for x86_64");
        }
        LOG.warnf("%s has no ONNX Runtime libraries; ONNX Runtime will look in its jar", packaged);
    }

    /**
     * The packaged app ({@code make run}'s artifact): loads ONNX Runtime from the plain copies of
     * the libraries the build put beside {@code quarkus-run.jar}, under {@code onnxruntime/<platform>/}
     * (the serving pom unpacks them from the onnxruntime jar, as the Lambda zips carry theirs). No
     * extraction and no hashing at start: like the packaged model, these bytes are part of the
     * artifact, whose integrity is the platform's job, while {@link #prepare}'s cache in the shared
     * temp directory is checked at every start because anything may have written there. That check
     * hashed 22 MB, most of the natives step of the app's cold start (JFR: a third of the samples
     * before the first answer). Does nothing and returns {@code false} when a path is already set,
     * outside a packaged app, or when the copy for this platform is missing: {@link #prepare} then
     * runs as before.
     */
    public static synchronized boolean useBesideApplication(Optional<Path> applicationDirectory) {
        if (System.getProperty(PATH_PROPERTY) != null || applicationDirectory.isEmpty()) {
            return false;
        }
        Optional<Path> dir = shippedForThisPlatform(applicationDirectory.get());
        dir.ifPresent(found -> System.setProperty(PATH_PROPERTY, found.toString()));
        return dir.isPresent();
    }

    /** {@code <artifact>/onnxruntime/<this platform>/} when it holds both libraries (a Lambda zip's task root, the packaged app). */
    private static Optional<Path> shippedForThisPlatform(Path artifactRoot) {
        String platform = platform();
        if (platform == null) {
            return Optional.empty();
        }
        Path dir = artifactRoot.resolve(PACKAGED_DIRECTORY).resolve(platform);
        boolean complete = LIBRARIES.stream().allMatch(library -> Files.isRegularFile(dir.resolve(library), LinkOption.NOFOLLOW_LINKS));
        return complete ? Optional.of(dir) : Optional.empty();
    }

    private static String bundledVersion() throws IOException {
        Properties build = new Properties();
        try (InputStream in = OnnxRuntimeNatives.class.getClassLoader().getResourceAsStream("sift-build.properties")) {
            if (in == null) {
                throw new IOException("sift-build.properties is missing from the application");
            }
            build.load(in);
        }
        return build.getProperty("onnxruntime.version");
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = OnnxRuntimeNatives.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath");
            }
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

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
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
