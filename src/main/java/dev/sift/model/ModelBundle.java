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

/**
 * A model bundle read into memory and verified: every file listed in the manifest is present and
 * has the SHA-256 the manifest says.
 *
 * <p>A bundle is a directory ({@code /opt/sift/bundle}) or a classpath folder
 * ({@code classpath:sift/bundles/default}, how the default bundle ships inside the application).
 * Files are read whole: ONNX Runtime copies the model into native memory anyway, and hashing the
 * same bytes we hand to it means what we verified is what we run.
 */
public final class ModelBundle {
    public static final String CLASSPATH_PREFIX = "classpath:";
    public static final String REGISTRY_PREFIX = "registry:";

    private final String location;
    private final BundleManifest manifest;
    private final Map<String, byte[]> files;

    private ModelBundle(String location, BundleManifest manifest, Map<String, byte[]> files) {
        this.location = location;
        this.manifest = manifest;
        this.files = files;
    }

    public static ModelBundle load(String location) {
        if (location == null || location.isBlank()) {
            throw new BundleException("no model bundle configured: set sift.model.bundle (env SIFT_MODEL_BUNDLE)");
        }
        BundleReader reader;
        if (location.startsWith(CLASSPATH_PREFIX)) {
            reader = new ClasspathReader(location.substring(CLASSPATH_PREFIX.length()));
        } else if (location.startsWith(REGISTRY_PREFIX + "s3://")) {
            reader = S3RegistryReader.open(location.substring(REGISTRY_PREFIX.length()));
        } else if (location.startsWith(REGISTRY_PREFIX)) {
            reader = new DirectoryReader(ChampionPointer.resolve(Path.of(location.substring(REGISTRY_PREFIX.length()))));
        } else {
            reader = new DirectoryReader(Path.of(location));
        }
        BundleManifest manifest = BundleManifest.parse(reader.read(location, "manifest.json"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : manifest.files().entrySet()) {
            byte[] bytes = reader.read(location, file.getKey());
            String actual = sha256(bytes);
            if (!actual.equals(file.getValue())) {
                throw new BundleException("bundle " + location + ": " + file.getKey() + " has SHA-256 " + actual
                        + " but manifest.json says " + file.getValue() + " (corrupt or replaced file)");
            }
            files.put(file.getKey(), bytes);
        }
        return new ModelBundle(location, manifest, files);
    }

    public String location() {
        return location;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public byte[] modelBytes() {
        return files.get(BundleManifest.MODEL_FILE);
    }

    public byte[] tokenizerBytes() {
        return files.get(BundleManifest.TOKENIZER_FILE);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    interface BundleReader {
        byte[] read(String location, String name);
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
        public byte[] read(String location, String name) {
            String resource = folder.endsWith("/") ? folder + name : folder + "/" + name;
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
