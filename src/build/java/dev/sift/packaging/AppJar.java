package dev.sift.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipOutputStream;

/**
 * Writes {@code sift-run.jar}, make run's launcher, into Quarkus's packaged app ({@code quarkus-app/}):
 * the app's jars merged into one, for the JVM's own class loader (a build step of the serving pom's
 * http profile, compiled and run by Ant; not part of the application).
 * <ul>
 * <li><b>Why one jar on the JVM's class path.</b> {@code quarkus-run.jar} loads the app through
 * Quarkus's class loader, which reads every class from its jar even when a class-data archive holds
 * it; the JVM's application class loader maps archived classes without reading them, and a JDK 25
 * AOT cache covers only the JVM's own loaders. Merged rather than listed: on Temurin 25 + AOT cache,
 * 930 ms against 1,036 ms for the ~150 jars listed on a manifest Class-Path (9 interleaved; JVM
 * start to {@code main} 293 against 443 ms), and level with them given by {@code -cp} in a later
 * run (973 against 968 ms, 11 interleaved; {@code src/bench/results/launcher-and-aot-cache.txt}).
 * One jar is also one file to open and validate for the archive, whatever the JDK.</li>
 * <li><b>Order.</b> The merge keeps the first copy of an entry, in the order Quarkus's loader
 * resolves them: its build-time rewrites of classes ({@code quarkus/transformed-bytecode.jar}), its
 * generated classes, the app, then {@code lib/boot} and {@code lib/main} by name. Service files are
 * concatenated and each jar's licence files kept apart ({@link LambdaZip.LibraryMerge}, as for the
 * Lambda zips).</li>
 * <li><b>Jars kept apart</b>, on the manifest's {@code Class-Path} after the merge: multi-release
 * jars with classes for newer JDKs (versioned classes work only inside a jar of their own), and
 * ONNX Runtime's, whose libraries for every platform ONNX Runtime extracts from its own jar where
 * the app carries none beside it for this platform.</li>
 * <li><b>The model beside it.</b> The packaged bundle's {@code model.onnx} and its weights
 * ({@code model.onnx.data}) are read by ONNX Runtime from plain copies beside the jar that holds
 * them ({@code PackagedCopy}: {@code <jar>.files/}); the app jar's copies are copied to
 * {@code sift-run.jar.files/}.</li>
 * <li><b>Configuration in a jar of its own.</b> SmallRye Config reads {@code application.properties}
 * through a zip file system over the jar that holds it ({@code ClassPathUtils.processAsJarPath}),
 * which reads that jar's whole central directory, twice per boot (static and runtime config): for
 * the merged jar's 15,000 entries that was 14% of the main thread's samples in a profile of a start. So the
 * configuration files go to {@code sift-run-config.jar}, first on the Class-Path: Quarkus boot
 * 236 -> 199 ms in one start on Temurin 25 + AOT cache.</li>
 * <li>Entries are stored, not deflated, as Quarkus stores the app jar here
 * ({@code quarkus.package.jar.compress=false}): reading a class is a copy, not an inflate.</li>
 * </ul>
 * Usage: {@code AppJar <quarkus-app dir> <main class>}
 */
public final class AppJar {
    static final String LAUNCHER = "sift-run.jar";
    static final String CONFIG_JAR = "sift-run-config.jar";
    /** The classpath resources SmallRye Config reads at boot (PropertiesConfigSourceLoader). */
    static final List<String> CONFIG_RESOURCES = List.of("application.properties",
            "META-INF/microprofile-config.properties");
    private static final String ORT_JAR_PREFIX = "com.microsoft.onnxruntime.";

    private AppJar() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: AppJar <quarkus-app dir> <main class>");
            System.exit(2);
        }
        Path app = Path.of(args[0]);
        String mainClass = args[1];
        LambdaZip.LibraryMerge merge = new LambdaZip.LibraryMerge();
        List<String> apart = new ArrayList<>();
        for (Path jar : classLoaderOrder(app)) {
            byte[] data = Files.readAllBytes(jar);
            String relative = app.relativize(jar).toString().replace('\\', '/');
            if (jar.getFileName().toString().startsWith(ORT_JAR_PREFIX) || LambdaZip.hasVersionedClasses(data)) {
                apart.add(relative);
            } else {
                merge.add(jar.getFileName().toString(), data);
            }
        }
        Map<String, byte[]> config = merge.remove(CONFIG_RESOURCES);
        if (!config.isEmpty()) {
            writeAtomically(app.resolve(CONFIG_JAR), storedJar(config));
            apart.add(0, CONFIG_JAR);
        }
        Path target = app.resolve(LAUNCHER);
        writeAtomically(target, merge.storedJar(manifest(mainClass, apart)));
        int copied = copyBesideFiles(app, target);
        System.out.printf("%s: %.1f MB, %d jars on its Class-Path, %d files beside it%n", target, Files.size(target) / 1e6,
                apart.size(), copied);
    }

    private static void writeAtomically(Path target, byte[] data) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.write(partial, data);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static byte[] storedJar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(buffer)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                LambdaZip.putStored(out, entry.getKey(), 0, entry.getValue());
            }
        }
        return buffer.toByteArray();
    }

    /** The packaged jars in the order Quarkus's class loader resolves an entry held by several. */
    static List<Path> classLoaderOrder(Path app) throws IOException {
        List<Path> jars = new ArrayList<>(List.of(app.resolve("quarkus/transformed-bytecode.jar"),
                app.resolve("quarkus/generated-bytecode.jar")));
        for (String folder : List.of("app", "lib/boot", "lib/main")) {
            try (Stream<Path> files = Files.list(app.resolve(folder))) {
                files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new IOException("not a packaged Quarkus app (fast-jar): no " + jar);
            }
        }
        return jars;
    }

    /** Main-Class; the jars kept apart; Add-Opens as quarkus-run.jar has it; native access for ONNX Runtime (JDK 22+). */
    static byte[] manifest(String mainClass, List<String> classPath) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, mainClass);
        if (!classPath.isEmpty()) {
            main.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        }
        main.putValue("Add-Opens", "java.base/java.lang");
        main.putValue("Enable-Native-Access", "ALL-UNNAMED");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        manifest.write(bytes); // wraps lines at 72 bytes, as the format requires
        return bytes.toByteArray();
    }

    /** The app jar's plain copies ({@code <app jar>.files/}) beside the launcher too; how many files. */
    private static int copyBesideFiles(Path app, Path launcher) throws IOException {
        Path beside = launcher.resolveSibling(launcher.getFileName() + ".files");
        int copied = 0;
        try (Stream<Path> appJars = Files.list(app.resolve("app"))) {
            for (Path files : appJars.filter(p -> p.getFileName().toString().endsWith(".jar.files") && Files.isDirectory(p)).toList()) {
                try (Stream<Path> tree = Files.walk(files)) {
                    for (Path file : tree.filter(Files::isRegularFile).toList()) {
                        Path copy = beside.resolve(files.relativize(file).toString());
                        Files.createDirectories(copy.getParent());
                        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                        copied++;
                    }
                }
            }
        }
        return copied;
    }
}
