package dev.sift.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sift.text.BertTokenizer;

/**
 * A model bundle read into memory and verified: every file listed in the manifest is present and
 * has the SHA-256 the manifest says.
 *
 * <p>A bundle is a directory ({@code /opt/sift/bundle}) or a classpath folder
 * ({@code classpath:sift/bundles/default}, how the default bundle ships inside the application).
 * Files are read whole: ONNX Runtime copies the model into native memory anyway, and hashing the
 * same bytes we hand to it means what we verified is what we run.
 *
 * <p>Bytes that arrive at run time (a directory, a registry download) are hashed at every load. A
 * classpath bundle is part of the artifact: the build verifies it ({@link VerifyPackagedBundle},
 * at process-classes) and the artifact's own integrity is the platform's job (Lambda checks the
 * zip it deploys), so start-up does not hash it again: with C1 only, hashing 24 MB costs about
 * half a second of a cold start.
 */
public final class ModelBundle {
    public static final String CLASSPATH_PREFIX = "classpath:";
    public static final String REGISTRY_PREFIX = "registry:";

    private final String location;
    private final BundleManifest manifest;
    private final Map<String, byte[]> files;
    private final byte[] manifestJson;
    private final long verifyNanos;
    /** The model as a plain file that ONNX Runtime can read itself, when the bundle is one (see {@link #modelPath}). */
    private final Path modelFile;

    private ModelBundle(String location, BundleManifest manifest, Map<String, byte[]> files, byte[] manifestJson,
            long verifyNanos, Path modelFile) {
        this.location = location;
        this.manifest = manifest;
        this.files = files;
        this.manifestJson = manifestJson;
        this.verifyNanos = verifyNanos;
        this.modelFile = modelFile;
    }

    public static ModelBundle load(String location) {
        if (location == null || location.isBlank()) {
            throw new BundleException("no model bundle configured: set sift.model.bundle (env SIFT_MODEL_BUNDLE)");
        }
        BundleReader reader;
        if (location.startsWith(CLASSPATH_PREFIX)) {
            reader = new ClasspathReader(location.substring(CLASSPATH_PREFIX.length()));
        } else if (location.startsWith(REGISTRY_PREFIX + "s3://")) {
            // sift-core has no AWS SDK: sift-store's BundleLocations downloads the champion first.
            throw new BundleException("bundle " + location + ": an S3 registry is read through BundleLocations (sift-store), "
                    + "which downloads its champion into a local cache first");
        } else if (location.startsWith(REGISTRY_PREFIX)) {
            reader = new DirectoryReader(ChampionPointer.resolve(Path.of(location.substring(REGISTRY_PREFIX.length()))));
        } else {
            reader = new DirectoryReader(Path.of(location));
        }
        byte[] manifestJson = reader.read(location, "manifest.json");
        BundleManifest manifest = BundleManifest.parse(manifestJson);
        boolean externalData = manifest.files().containsKey(BundleManifest.MODEL_DATA_FILE);
        Map<String, byte[]> files = new LinkedHashMap<>();
        long verifyNanos = 0;
        // A packaged bundle's model as plain files (a Lambda zip's task root, the copy beside the
        // app's jar): ONNX Runtime reads them itself. With external data, both side by side.
        Path modelFile = reader.hashesAtLoad() ? null : reader.plainFile(BundleManifest.MODEL_FILE)
                .filter(model -> !externalData || reader.plainFile(BundleManifest.MODEL_DATA_FILE)
                        .filter(data -> data.equals(model.resolveSibling(BundleManifest.MODEL_DATA_FILE))).isPresent())
                .orElse(null);
        for (Map.Entry<String, String> file : manifest.files().entrySet()) {
            if (modelFile != null && isModelPart(file.getKey())) {
                continue;
            }
            byte[] bytes = reader.read(location, file.getKey());
            if (reader.hashesAtLoad()) {
                long hashStart = System.nanoTime();
                String actual = sha256(bytes);
                verifyNanos += System.nanoTime() - hashStart;
                if (!actual.equals(file.getValue())) {
                    throw new BundleException("bundle " + location + ": " + file.getKey() + " has SHA-256 " + actual
                            + " but manifest.json says " + file.getValue() + " (corrupt or replaced file)");
                }
            }
            files.put(file.getKey(), bytes);
        }
        if (externalData && modelFile == null) {
            // ONNX Runtime finds external data only beside a model it reads from a path: the
            // verified bytes are written to a private folder for it.
            modelFile = writeModelParts(location, files);
        }
        return new ModelBundle(location, manifest, files, manifestJson, verifyNanos, modelFile);
    }

    /** The model graph and its external data: what ONNX Runtime reads from {@link #modelPath} when there is one. */
    private static boolean isModelPart(String name) {
        return name.equals(BundleManifest.MODEL_FILE) || name.equals(BundleManifest.MODEL_DATA_FILE);
    }

    private static Path writeModelParts(String location, Map<String, byte[]> files) {
        try {
            Path dir = Files.createTempDirectory("sift-model"); // rwx------, a name no one can predict
            for (String part : new String[] {BundleManifest.MODEL_FILE, BundleManifest.MODEL_DATA_FILE}) {
                Path file = dir.resolve(part);
                Files.write(file, files.remove(part));
                file.toFile().deleteOnExit();
            }
            dir.toFile().deleteOnExit();
            return dir.resolve(BundleManifest.MODEL_FILE);
        } catch (IOException e) {
            throw new BundleException("bundle " + location + ": cannot write its model for ONNX Runtime: " + e.getMessage(), e);
        }
    }

    public String location() {
        return location;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** Time {@link #load} spent checking SHA-256s (0 for a classpath bundle, verified at build time). */
    public long verifyMillis() {
        return verifyNanos / 1_000_000;
    }

    /** Writes the verified bundle as a directory (e.g. to register a classpath bundle); returns {@code dir}. */
    public Path writeTo(Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("manifest.json"), manifestJson);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
        if (modelFile != null) {
            Files.copy(modelFile, dir.resolve(BundleManifest.MODEL_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (manifest.files().containsKey(BundleManifest.MODEL_DATA_FILE)) {
                Files.copy(modelFile.resolveSibling(BundleManifest.MODEL_DATA_FILE), dir.resolve(BundleManifest.MODEL_DATA_FILE),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    /**
     * The model as a file on disk, for a classpath bundle that is a plain directory (a Lambda zip's
     * task root): ONNX Runtime then reads it itself, so the cold start copies 24 MB neither into the
     * heap nor from the heap into native memory. Empty when the bytes were read (and, if they arrived
     * at run time, hashed) instead.
     */
    public Optional<Path> modelPath() {
        return Optional.ofNullable(modelFile);
    }

    public byte[] modelBytes() {
        if (modelFile != null) {
            try {
                return Files.readAllBytes(modelFile);
            } catch (IOException e) {
                throw new BundleException("bundle " + location + ": cannot read " + modelFile + ": " + e.getMessage(), e);
            }
        }
        return files.get(BundleManifest.MODEL_FILE);
    }

    public byte[] tokenizerBytes() {
        return files.get(BundleManifest.TOKENIZER_FILE);
    }

    /**
     * The compiled tokenizer ({@link BundleManifest#COMPILED_TOKENIZER_FILE}), when the bundle has one
     * made from its own tokenizer.json in the format this build reads; empty otherwise (a bundle as
     * trained, or one whose tokenizer.json changed since), and tokenizer.json is read instead.
     */
    public Optional<byte[]> compiledTokenizerBytes() {
        byte[] compiled = files.get(BundleManifest.COMPILED_TOKENIZER_FILE);
        JsonNode record = manifest.raw().path(BundleManifest.COMPILED_TOKENIZER_RECORD);
        if (compiled == null || record.path("format").asInt(-1) != BertTokenizer.COMPILED_FORMAT
                || !record.path("tokenizerSha256").asText("").equals(manifest.files().get(BundleManifest.TOKENIZER_FILE))) {
            return Optional.empty();
        }
        return Optional.of(compiled);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private interface BundleReader {
        byte[] read(String location, String name);

        /** Whether load checks every file's SHA-256: yes for bytes that arrive at run time. */
        default boolean hashesAtLoad() {
            return true;
        }

        /** {@code name} as a plain file, where the reader has one and load need not read it. */
        default Optional<Path> plainFile(String name) {
            return Optional.empty();
        }
    }

    private record DirectoryReader(Path dir) implements BundleReader {
        @Override
        public byte[] read(String location, String name) {
            if (!Files.isDirectory(dir)) {
                throw new BundleException("model bundle directory " + dir.toAbsolutePath() + " does not exist");
            }
            try {
                return Files.readAllBytes(dir.resolve(name));
            } catch (NoSuchFileException e) {
                throw new BundleException("bundle " + location + " has no " + name);
            } catch (IOException e) {
                throw new BundleException("bundle " + location + ": cannot read " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private record ClasspathReader(String folder) implements BundleReader {
        @Override
        public boolean hashesAtLoad() {
            return false;
        }

        @Override
        public Optional<Path> plainFile(String name) {
            java.net.URL url = Thread.currentThread().getContextClassLoader().getResource(resource(name));
            if (url == null) {
                return Optional.empty();
            }
            if ("jar".equals(url.getProtocol())) {
                return PackagedCopy.of(url);
            }
            if (!"file".equals(url.getProtocol())) {
                return Optional.empty();
            }
            try {
                return Optional.of(Path.of(url.toURI()));
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        private String resource(String name) {
            return folder.endsWith("/") ? folder + name : folder + "/" + name;
        }

        @Override
        public byte[] read(String location, String name) {
            String resource = resource(name);
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new BundleException("bundle " + location + " has no " + name + " on the classpath");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new BundleException("bundle " + location + ": cannot read " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
