package dev.sift.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * make run's launch (src/serving/bin/run.sh): sift-run.jar, the packaged app's jars merged into one
 * for the JVM's own class loader instead of Quarkus's (AppJar, src/build/java). Pinned here: every
 * class is the copy Quarkus's loader would load, every service provider is kept, and the app so
 * started serves its routes with Quarkus's logging in place and no JVM warnings.
 * (StartupBreakdownIT checks the same start's model and natives come from beside the jar.)
 */
class RunScriptIT {
    private static final Path APP = Path.of(System.getProperty("test.app.jar", "src/serving/target/quarkus-app/quarkus-run.jar"))
            .toAbsolutePath().getParent();
    private static final Path RUN_SCRIPT = APP.getParent().getParent().resolve("bin/run.sh");
    /** AppJar's jar of the configuration files. */
    private static final String CONFIG_JAR = "sift-run-config.jar";

    /** The packaged jars in the order Quarkus's class loader resolves an entry several of them hold. */
    private static List<Path> quarkusOrder() throws IOException {
        List<Path> jars = new ArrayList<>(List.of(APP.resolve("quarkus/transformed-bytecode.jar"), APP.resolve("quarkus/generated-bytecode.jar")));
        for (String folder : List.of("app", "lib/boot", "lib/main")) {
            try (Stream<Path> files = Files.list(APP.resolve(folder))) {
                files.filter(f -> f.getFileName().toString().endsWith(".jar")).map(Path::toString).sorted()
                        .map(Path::of).forEach(jars::add);
            }
        }
        return jars;
    }

    private static boolean isClass(String name) {
        return name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class");
    }

    /** The jars on the launcher's Class-Path, after the merge. */
    private static Set<Path> keptApart(JarFile launcher) throws IOException {
        Set<Path> apart = new HashSet<>();
        for (String entry : launcher.getManifest().getMainAttributes().getValue("Class-Path").trim().split(" +")) {
            apart.add(APP.resolve(entry).normalize());
        }
        return apart;
    }

    @Test
    void theLauncherHoldsEveryClassAsQuarkusLoaderWouldLoadIt() throws IOException {
        try (JarFile launcher = new JarFile(APP.resolve(PackagedApplication.MERGED_LAUNCHER_JAR).toFile())) {
            Attributes main = launcher.getManifest().getMainAttributes();
            assertEquals("dev.sift.serving.SiftMain", main.getValue("Main-Class"));
            assertEquals("java.base/java.lang", main.getValue("Add-Opens"), "as quarkus-run.jar's manifest has it");
            assertEquals("ALL-UNNAMED", main.getValue("Enable-Native-Access"), "ONNX Runtime loads its libraries");
            Set<Path> apart = keptApart(launcher);
            for (Path jar : apart) {
                assertTrue(Files.isRegularFile(jar), jar.toString());
                assertTrue(jar.startsWith(APP.resolve("lib")) || jar.equals(APP.resolve(CONFIG_JAR)), jar.toString());
            }
            assertTrue(apart.stream().anyMatch(j -> j.getFileName().toString().startsWith("com.microsoft.onnxruntime.")),
                    "ONNX Runtime's jar, with every platform's libraries, stays apart: " + apart);
            // Each class from the first jar that holds it in Quarkus's order: from the merge, byte for
            // byte, or from a jar kept apart that the merge does not shadow.
            Set<String> seen = new HashSet<>();
            List<String> wrong = new ArrayList<>();
            int merged = 0;
            for (Path jar : quarkusOrder()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (ZipEntry entry : zip.stream().toList()) {
                        if (!isClass(entry.getName()) || !seen.add(entry.getName())) {
                            continue;
                        }
                        JarEntry inLauncher = launcher.getJarEntry(entry.getName());
                        if (apart.contains(jar)) {
                            if (inLauncher != null) {
                                wrong.add(entry.getName() + ": the merge shadows " + jar.getFileName());
                            }
                        } else if (inLauncher == null) {
                            wrong.add(entry.getName() + ": missing (first in " + jar.getFileName() + ")");
                        } else {
                            assertEquals(ZipEntry.STORED, inLauncher.getMethod(), entry.getName());
                            if (inLauncher.getCrc() != entry.getCrc() || inLauncher.getSize() != entry.getSize()) {
                                wrong.add(entry.getName() + ": not " + jar.getFileName() + "'s copy");
                            }
                            merged++;
                        }
                    }
                }
            }
            assertTrue(wrong.isEmpty(), wrong.size() + " classes not as Quarkus's loader resolves them: "
                    + wrong.subList(0, Math.min(10, wrong.size())));
            assertTrue(merged > 10_000, merged + " classes merged");
            assertTrue(launcher.getJarEntry("dev/sift/functions/ClassifyFunction.class") != null);
        }
        for (String file : List.of("model.onnx", "model.onnx.data")) {
            assertTrue(Files.isRegularFile(APP.resolve("sift-run.jar.files/sift/bundles/default/" + file)),
                    "the packaged model's plain copy beside the launcher (PackagedCopy), graph and weights: " + file);
        }
    }

    @Test
    void theConfigurationIsAJarOfItsOwnFirstOnTheClassPath() throws IOException {
        // SmallRye Config opens the jar holding application.properties as a zip file system, which
        // reads its whole central directory (AppJar): so not the merged jar's.
        byte[] packaged = null;
        for (Path jar : quarkusOrder()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry("application.properties");
                if (entry != null) {
                    packaged = zip.getInputStream(entry).readAllBytes();
                    break;
                }
            }
        }
        assertTrue(packaged != null && new String(packaged, StandardCharsets.UTF_8).contains("sift.limits.max-texts"),
                "the app's application.properties");
        try (JarFile launcher = new JarFile(APP.resolve(PackagedApplication.MERGED_LAUNCHER_JAR).toFile());
                ZipFile config = new ZipFile(APP.resolve(CONFIG_JAR).toFile())) {
            assertEquals(CONFIG_JAR, launcher.getManifest().getMainAttributes().getValue("Class-Path").trim().split(" +")[0]);
            assertEquals(null, launcher.getEntry("application.properties"), "not in the merged jar");
            assertEquals(List.of("application.properties"), config.stream().map(ZipEntry::getName).toList());
            assertEquals(new String(packaged, StandardCharsets.UTF_8),
                    new String(config.getInputStream(config.getEntry("application.properties")).readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aClassTwoJarsHoldIsTakenFromQuarkusRewrittenCopyFirst() throws IOException {
        // Quarkus's loader gives its build-time rewrites (transformed-bytecode.jar) precedence and
        // otherwise has one place per class. The merge and the jars kept apart keep the first copy in
        // that order, so any other repeated class would be a silent choice a new dependency could make.
        Map<String, Path> firstHolder = new HashMap<>();
        List<String> shadowedOutsideRewrites = new ArrayList<>();
        int rewritten = 0;
        for (Path jar : quarkusOrder()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    if (!isClass(entry.getName())) {
                        continue;
                    }
                    Path first = firstHolder.putIfAbsent(entry.getName(), jar);
                    if (first != null) {
                        if (first.endsWith("quarkus/transformed-bytecode.jar")) {
                            rewritten++;
                        } else {
                            shadowedOutsideRewrites.add(entry.getName() + " in " + first.getFileName() + " and " + jar.getFileName());
                        }
                    }
                }
            }
        }
        assertTrue(shadowedOutsideRewrites.isEmpty(), "classes held twice outside Quarkus's rewrites: " + shadowedOutsideRewrites);
        assertTrue(rewritten > 0, "the rewritten classes (e.g. the function beans) are found first in transformed-bytecode.jar");
    }

    @Test
    void everyServiceProviderOfTheMergedJarsIsInTheLaunchersServiceFiles() throws IOException {
        try (JarFile launcher = new JarFile(APP.resolve(PackagedApplication.MERGED_LAUNCHER_JAR).toFile())) {
            Set<Path> apart = keptApart(launcher);
            int providers = 0;
            for (Path jar : quarkusOrder()) {
                if (apart.contains(jar)) {
                    continue;
                }
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory()).toList()) {
                        JarEntry merged = launcher.getJarEntry(entry.getName());
                        assertTrue(merged != null, entry.getName() + " of " + jar.getFileName());
                        List<String> lines = new String(launcher.getInputStream(merged).readAllBytes(), StandardCharsets.UTF_8).lines()
                                .map(String::strip).toList();
                        for (String provider : new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).lines()
                                .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList()) {
                            assertTrue(lines.contains(provider), provider + " (" + entry.getName() + " of " + jar.getFileName() + ")");
                            providers++;
                        }
                    }
                }
            }
            assertTrue(providers > 50, providers + " providers");
        }
    }

    private static Path java25() {
        return Path.of(System.getenv().getOrDefault("JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
    }

    /**
     * This JVM; Temurin 25 where installed (the Makefile's RUN_JAVA when it is); and the runtime the
     * build jlinked from it beside the app (quarkus-app/jre, AppRuntime): make run's JVM when there is one.
     */
    static Stream<String> jvms() {
        List<String> jvms = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Files.isExecutable(java25())) {
            jvms.add(java25().toString());
        } else {
            System.err.println("RunScriptIT: no JDK 25 at " + java25() + " (set JAVA25); run.sh not tried on it");
        }
        Path runtime = APP.resolve("jre/bin/java");
        if (Files.isExecutable(runtime)) {
            jvms.add(runtime.toString());
        }
        return jvms.stream();
    }

    /** The runtime make run starts on: jlinked by the build from app.jdk (the Makefile's RUN_JAVA's JDK) with the app's modules only. */
    @Test
    void theBuildJlinksMakeRunsRuntimeWithTheAppsModulesOnly() throws IOException, InterruptedException {
        Path jdk = Path.of(System.getProperty("test.app.jdk", java25().getParent().getParent().toString()));
        assumeTrue(canJlink(jdk), "app.jdk " + jdk + " cannot jlink: the build makes no quarkus-app/jre, and run.sh uses JAVA");
        Path release = APP.resolve("jre/release");
        assertTrue(Files.isRegularFile(release), "the build jlinks quarkus-app/jre from " + jdk);
        String jdkVersion = Files.readAllLines(jdk.resolve("release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                .findFirst().orElse("").replace("\"", "");
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(release)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1).replace("\"", ""));
            }
        }
        assertEquals(jdkVersion, "JAVA_VERSION=" + fields.get("JAVA_VERSION"), "the image is of app.jdk's release");
        Set<String> modules = Set.of(fields.getOrDefault("MODULES", "").split(" "));
        for (String needed : List.of("java.base", "java.logging", "java.management", "java.naming", "java.net.http", "java.sql",
                "java.xml", "jdk.crypto.ec", "jdk.management", "jdk.unsupported", "jdk.zipfs")) {
            assertTrue(modules.contains(needed), needed + " in " + modules);
        }
        // What it leaves out is what makes it start faster: no locale data, no compiler, no desktop.
        for (String left : List.of("jdk.localedata", "jdk.compiler", "java.desktop", "jdk.jfr")) {
            assertFalse(modules.contains(left), left + " in " + modules);
        }
        assertTrue(modules.size() < 20, modules.size() + " modules: " + modules);
    }

    /** Whether {@code jdk}'s jlink makes an image at all: no jmods and a run-time image not built linkable, and it cannot. */
    private static boolean canJlink(Path jdk) throws IOException, InterruptedException {
        if (!Files.isExecutable(jdk.resolve("bin/jlink"))) {
            return false;
        }
        Path probe = Files.createTempDirectory("jlink-probe").resolve("image");
        Process jlink = new ProcessBuilder(jdk.resolve("bin/jlink").toString(), "--add-modules", "java.base", "--output",
                probe.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean made = jlink.waitFor() == 0 && Files.isRegularFile(probe.resolve("release"));
        try (Stream<Path> files = Files.walk(probe.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        return made;
    }

    @ParameterizedTest
    @MethodSource("jvms")
    void theAppStartedAsMakeRunStartsItServesItsRoutes(String java) throws Exception {
        Path work = Files.createDirectories(Path.of("target/run-script-" + UUID.randomUUID()).toAbsolutePath());
        Path log = work.resolve("app.log");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("bash", RUN_SCRIPT.toString(), "-Dquarkus.http.port=" + port)
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA", java);
        builder.environment().put("SIFT_FEEDBACK_STORE", "file:" + work.resolve("feedback"));
        Process app = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                try {
                    if (get(http, base + "/q/health/ready").statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                assertTrue(app.isAlive() && System.nanoTime() < deadline, Files.readString(log));
                Thread.sleep(100);
            }
            HttpResponse<String> classify = http.send(HttpRequest.newBuilder(URI.create(base + "/classify"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"texts\": [\"房间干净，服务很好\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, classify.statusCode(), classify.body());
            assertTrue(classify.body().contains("\"label\""), classify.body());
            HttpResponse<String> feedback = http.send(HttpRequest.newBuilder(URI.create(base + "/feedback"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"房间干净\", \"label\": \"positive\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, feedback.statusCode(), feedback.body());
            HttpResponse<String> openApi = get(http, base + "/q/openapi");
            assertEquals(200, openApi.statusCode());
            assertTrue(openApi.body().contains("\nopenapi: 3."), "the hand-kept contract, from the class path");
            HttpResponse<String> page = get(http, base + "/");
            assertEquals(200, page.statusCode(), "the try-it page, a static resource on the class path");
            assertTrue(page.body().contains("<html"), page.body());
            HttpResponse<String> metrics = get(http, base + "/q/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("sift_"), "sift's own meters are registered");
            assertEquals(200, get(http, base + "/q/health/live").statusCode());
            // application.properties is read from sift-run-config.jar: its 2M body limit, not Quarkus's 10M default.
            HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(URI.create(base + "/classify"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"texts\": [\"" + "好".repeat(1_000_000) + "\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, tooLarge.statusCode(), tooLarge.body());
            assertEquals(404, get(http, base + "/no-such-function").statusCode());
            String output = Files.readString(log);
            // JBoss LogManager in place (SiftMain sets it, as Quarkus's launcher does): Quarkus's
            // format, not java.util.logging's two-line default.
            assertTrue(output.contains("INFO  [io.quarkus]"), output);
            assertFalse(output.contains("\nINFO: "), output);
            assertFalse(output.contains("__  ____  __"), "quarkus.banner.enabled=false, from application.properties:\n" + output);
            assertFalse(output.contains("Exception"), output);
            assertFalse(output.contains("WARNING"), "no JVM warnings (JDK 25: native access, opened modules):\n" + output);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
