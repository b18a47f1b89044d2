package dev.sift.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A serving Lambda zip (from {@link LambdaZip}) repackaged for {@code provided.al2023} with its own
 * Java runtime and an AOT cache made for exactly that runtime (run by the lambda Maven profiles as a
 * single-file program when a JDK 25 is found; a build step, not part of the application).
 *
 * <p>Why: on the managed Java runtime the function's ~2,900 classes are read, verified and linked
 * from jars by the runtime's own class loader at every cold start, and the runtime accepts a
 * class-data archive only from its own JVM build, which a build here cannot make. With the JVM in
 * the zip, the build can: a jlinked Temurin 25 image, the application's jars on the JVM's own class
 * path, and an AOT cache (JEP 483/514) recorded by a training run of this very layout behind a mock
 * Runtime API. The same runtime interface client the managed runtime uses drives the handler, so
 * the function behaves as on the managed runtime (spawn to first answer on this machine: README,
 * *Cold start*). What it gives up is SnapStart, which only managed runtimes offer.
 *
 * <p>Layout of the task root ({@code /var/task}):
 * <pre>
 * bootstrap                      the custom runtime's entry point: starts the JVM (below)
 * jre/                           jlinked Java runtime (GPLv2 with the Classpath Exception, its legal/ notices kept)
 * app/sift-function.jar          the zip's own classes and resources
 * app/*.jar                      its libraries as LambdaZip merged them, and the runtime interface client
 * app/sift.aot                   the AOT cache
 * app/jni/                       the runtime interface client's JNI library for this platform
 * sift/bundles/default/          the model bundle as plain files, as in the managed zip
 * onnxruntime/&lt;platform&gt;/       ONNX Runtime's libraries
 * </pre>
 * The jars are in {@code app/}, not {@code lib/}: the runtime interface client's own class loader
 * reads the task root and {@code lib/*.jar}, so jars there would be on two loaders. The bundle stays
 * in the task root, found through that loader as plain files (no copy out of a jar), while the JVM's
 * class path holds jars only, as an AOT cache requires.
 *
 * <p>An AOT cache is used only by the JVM build that wrote it and only with the same class path,
 * files of the same size and modification time. So every file gets one fixed modification time
 * before the training run, and the zip records it; {@code bootstrap} runs with
 * {@code -XX:AOTMode=auto}, so a runtime that rejects the cache starts as it would without it
 * (and says why on stderr), never fails.
 *
 * <p>Usage: {@code BundledJvmZip <serving.zip> <jdk 25 home> <runtime client dir> <linux-x64> <handler>
 * <training events.jsonl> <work dir> <out.zip> [NAME=value ...]}: the events one per line
 * (src/build/resources/lambda-training), the NAME=value pairs the training run's environment, e.g.
 * QUARKUS_FUNQY_EXPORT=classify.
 */
public final class BundledJvmZip {
    /**
     * The Java modules the functions use: what {@code jdeps --print-module-deps} finds the zip's
     * classes referring to, plus the service providers no class names (zip file systems, elliptic-
     * curve TLS). Left out of jdeps' list: java.desktop (24 MB; java.beans for Jackson's optional
     * support, which checks for it and does without, jakarta.el's bean support and GraalVM
     * substitutions, neither run here) and java.rmi (jakarta.transaction's exceptions; no transactions).
     */
    static final String MODULES = "java.base,java.logging,java.naming,java.xml,java.management,java.net.http,java.sql,"
            + "jdk.unsupported,jdk.zipfs,jdk.crypto.ec";
    /** Lambda's limit for a function's unpacked code (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
    static final long UNZIPPED_LIMIT = 250L * 1024 * 1024;
    /** Every file's modification time in the task root and the zip: the AOT cache checks it, and builds stay reproducible. */
    static final FileTime FIXED_TIME = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    static final String AOT_CACHE = "app/sift.aot";
    private static final String FUNCTION_JAR = "app/sift-function.jar";
    /** An API Gateway answer's status (the direct functions answer their value itself). */
    private static final Pattern HTTP_STATUS = Pattern.compile("\"statusCode\":(\\d+)");
    private static final String RIC_JNI = "jni/libaws-lambda-jni.%s.so";

    private BundledJvmZip() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 8) {
            System.err.println("usage: BundledJvmZip <serving.zip> <jdk 25 home> <runtime client dir> <linux-x64> <handler> "
                    + "<training events.jsonl> <work dir> <out.zip> [NAME=value ...]");
            System.exit(2);
        }
        Path servingZip = Path.of(args[0]);
        Path jdk = Path.of(args[1]);
        Path clientDir = Path.of(args[2]);
        String platform = args[3];
        String handler = args[4];
        List<String> trainingEvents = Files.readAllLines(Path.of(args[5]), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();
        Path work = Path.of(args[6]).toAbsolutePath();
        Path out = Path.of(args[7]);
        List<String> trainingEnv = List.of(args).subList(8, args.length);
        if (!platform.equals("linux-x64")) {
            throw new IllegalArgumentException("the bundled runtime is jlinked from this machine's JDK, which is linux-x64; got " + platform);
        }

        long start = System.nanoTime();
        deleteTree(work);
        Path task = Files.createDirectories(work.resolve("task"));
        layOut(servingZip, clientDir, task);
        jlink(jdk, task.resolve("jre"));
        writeBootstrap(task.resolve("bootstrap"));
        setTimes(task);
        train(task, handler, trainingEvents, trainingEnv, work);
        Files.setLastModifiedTime(task.resolve(AOT_CACHE), FIXED_TIME);
        long unzipped = zip(task, out);
        if (unzipped > UNZIPPED_LIMIT) {
            throw new IllegalStateException(out + " unpacks to " + unzipped + " bytes, over Lambda's " + UNZIPPED_LIMIT);
        }
        System.out.printf("%s: %d MB zipped, %d MB unpacked (Lambda's limit 250 MB), AOT cache %d MB, in %d s%n", out,
                Files.size(out) >> 20, unzipped >> 20, Files.size(task.resolve(AOT_CACHE)) >> 20,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    /** The serving zip's classes into app/sift-function.jar, its jars into app/, bundle and natives where they were. */
    static void layOut(Path servingZip, Path clientDir, Path task) throws IOException {
        Path app = Files.createDirectories(task.resolve("app"));
        try (ZipFile in = new ZipFile(servingZip.toFile());
                ZipOutputStream functionJar = new ZipOutputStream(Files.newOutputStream(task.resolve(FUNCTION_JAR)))) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.startsWith("lib/")) {
                    copy(in, entry, app.resolve(name.substring("lib/".length())));
                } else if (name.startsWith("sift/bundles/") || name.startsWith("onnxruntime/")) {
                    copy(in, entry, task.resolve(name));
                } else {
                    functionJar.putNextEntry(new ZipEntry(name));
                    try (InputStream bytes = in.getInputStream(entry)) {
                        bytes.transferTo(functionJar);
                    }
                    functionJar.closeEntry();
                }
            }
        }
        try (Stream<Path> jars = Files.list(clientDir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                Files.copy(jar, app.resolve(jar.getFileName()));
                if (jar.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client")) {
                    // Its JNI library as a plain file: the client otherwise copies it out of its jar at every start.
                    try (ZipFile client = new ZipFile(jar.toFile())) {
                        ZipEntry jni = client.getEntry(String.format(RIC_JNI, "linux-x86_64"));
                        copy(client, jni, app.resolve("jni/libaws-lambda-jni.so"));
                    }
                }
            }
        }
    }

    private static void copy(ZipFile zip, ZipEntry entry, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void jlink(Path jdk, Path image) throws IOException, InterruptedException {
        jlink(jdk, image, MODULES);
    }

    /** A runtime image of {@code jdk} holding {@code modules} (comma-separated) and what they require. */
    static void jlink(Path jdk, Path image, String modules) throws IOException, InterruptedException {
        run(List.of(jdk.resolve("bin/jlink").toString(), "--add-modules", modules, "--strip-debug", "--no-man-pages",
                "--no-header-files", "--output", image.toString()), null, Map.of(), null);
    }

    /**
     * The class path, in the order the training run used: an AOT cache is used only with the same one.
     * Relative to the task root, which is the working directory on Lambda and in the training run.
     */
    static String classPath(Path task) throws IOException {
        List<String> jars = new ArrayList<>();
        jars.add(FUNCTION_JAR);
        try (Stream<Path> files = Files.list(task.resolve("app"))) {
            files.map(p -> "app/" + p.getFileName()).filter(n -> n.endsWith(".jar") && !n.equals(FUNCTION_JAR)).sorted()
                    .forEach(jars::add);
        }
        return String.join(":", jars);
    }

    static void writeBootstrap(Path bootstrap) throws IOException {
        String classPath = classPath(bootstrap.getParent());
        String script = """
                #!/bin/sh
                # sift's custom runtime (provided.al2023): the JVM bundled in this zip, with the AOT cache a
                # training run of this zip wrote at build time (src/build/java/dev/sift/packaging/BundledJvmZip.java).
                #   -XX:TieredStopAtLevel=1 -XX:+UseSerialGC  C1 only and the serial collector, as the managed
                #       runtime and make run start (src/serving/bin/run.sh says what each is worth)
                #   -XX:AOTMode=auto  a runtime that rejects the cache (another CPU's or heap's settings, a file
                #       changed since the build) starts without it and says why; SIFT_AOT_MODE=on makes that an
                #       error instead (the build's check), SIFT_AOT_MODE=record is the training run itself
                #   -XX:MaxRAMPercentage=60  the function's memory, less ONNX Runtime's native share
                #   -XX:-AOTRecordTraining / -XX:-AOTReplayTraining  no method profiles: they feed C2 only,
                #       and replaying even none costs a start CPU (src/serving/bin/run.sh)
                # JAVA_TOOL_OPTIONS is read by the JVM as on the managed runtime.
                set -e
                cd "${LAMBDA_TASK_ROOT:-$(dirname "$0")}"
                case "${SIFT_AOT_MODE:-auto}" in
                  record) aot="-XX:AOTCacheOutput=%1$s" ;;
                  on) aot="-XX:AOTMode=on -XX:AOTCache=%1$s" ;;
                  *) aot="-XX:AOTMode=auto -XX:AOTCache=%1$s" ;;
                esac
                # $aot is several options, split on purpose.
                exec jre/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=60 $aot \\
                  -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -XX:-AOTReplayTraining \\
                  --enable-native-access=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \\
                  -Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="$PWD/app/jni/libaws-lambda-jni.so" \\
                  -cp %2$s \\
                  com.amazonaws.services.lambda.runtime.api.client.AWSLambda "$_HANDLER"
                """.formatted(AOT_CACHE, classPath);
        Files.writeString(bootstrap, script);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static void setTimes(Path task) throws IOException {
        try (Stream<Path> files = Files.walk(task)) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FIXED_TIME);
            }
        }
    }

    /**
     * Runs the function once as Lambda would, behind a mock Runtime API that hands it each training
     * event twice and then closes the connection, at which the runtime client exits and the JVM
     * writes the AOT cache. Every answer must be a success: a cache trained on error paths would
     * leave the classes of real answers out.
     */
    static void train(Path task, String handler, List<String> events, List<String> environment, Path work) throws Exception {
        int rounds = 2 * events.size();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        StringBuilder failures = new StringBuilder();
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/2018-06-01/runtime/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.endsWith("/invocation/next")) {
                int n = served.incrementAndGet();
                if (n > rounds) {
                    exchange.close(); // no answer: the client gives up and exits
                    return;
                }
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "training-" + n);
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 60_000));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:eu-west-1:000000000000:function:sift-training");
                reply(exchange, 200, events.get((n - 1) % events.size()).getBytes(StandardCharsets.UTF_8));
            } else {
                String answer = new String(body, StandardCharsets.UTF_8);
                Matcher status = HTTP_STATUS.matcher(answer);
                if (path.endsWith("/response") && !(status.find() && !status.group(1).equals("200"))) {
                    answered.incrementAndGet();
                } else {
                    synchronized (failures) {
                        failures.append(path).append(": ").append(answer).append('\n');
                    }
                }
                reply(exchange, 202, "{}".getBytes(StandardCharsets.UTF_8));
            }
        });
        api.start();
        try {
            Map<String, String> env = new HashMap<>();
            env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.getAddress().getPort());
            env.put("LAMBDA_TASK_ROOT", task.toString());
            env.put("_HANDLER", handler);
            env.put("SIFT_AOT_MODE", "record");
            env.put("AWS_LAMBDA_FUNCTION_NAME", "sift-training");
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
            env.put("AWS_REGION", "eu-west-1");
            env.put("TZ", ":UTC");
            // Nothing of the build machine's: the feedback store, if any function opens one, under the work dir.
            env.put("HOME", Files.createDirectories(work.resolve("home")).toString());
            env.put("TMPDIR", Files.createDirectories(work.resolve("tmp")).toString());
            for (String pair : environment) {
                int eq = pair.indexOf('=');
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            Path log = work.resolve("training.log");
            int exit = run(List.of(task.resolve("bootstrap").toString()), task, env, log);
            if (answered.get() != rounds || failures.length() > 0 || !Files.isRegularFile(task.resolve(AOT_CACHE))) {
                throw new IllegalStateException("the training run answered " + answered.get() + " of " + rounds + " events (exit "
                        + exit + ")" + (failures.length() > 0 ? ", errors:\n" + failures : "") + ", AOT cache "
                        + (Files.isRegularFile(task.resolve(AOT_CACHE)) ? "written" : "missing") + "; its log: " + log);
            }
        } finally {
            api.stop(0);
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static int run(List<String> command, Path dir, Map<String, String> env, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().putAll(env);
        if (log != null) {
            builder.redirectOutput(log.toFile());
        } else {
            builder.inheritIO();
        }
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in 5 minutes");
        }
        if (log == null && process.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + process.exitValue());
        }
        return process.exitValue();
    }

    /**
     * The task root as a zip with each file's Unix permissions (bootstrap and the JVM's programs must
     * stay executable) and the fixed time: through the JDK's zip file system, which records both,
     * where {@code java.util.zip} records neither the permissions nor exact times. Returns the unpacked size.
     */
    static long zip(Path task, Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        long unzipped = 0;
        URI uri = URI.create("jar:" + partial.toAbsolutePath().toUri());
        try (FileSystem zip = FileSystems.newFileSystem(uri, Map.of("create", "true", "enablePosixFileAttributes", "true"));
                Stream<Path> walk = Files.walk(task)) {
            for (Path file : walk.sorted(Comparator.comparing(Path::toString)).toList()) {
                String name = task.relativize(file).toString();
                if (name.isEmpty() || Files.isDirectory(file)) {
                    continue;
                }
                Path entry = zip.getPath(name);
                if (entry.getParent() != null) {
                    Files.createDirectories(entry.getParent());
                }
                Files.copy(file, entry);
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                Files.setPosixFilePermissions(entry, permissions);
                Files.setLastModifiedTime(entry, Files.getLastModifiedTime(file));
                unzipped += Files.size(file);
            }
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
        return unzipped;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
