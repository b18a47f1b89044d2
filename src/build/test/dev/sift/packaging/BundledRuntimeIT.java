package dev.sift.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The bundled-runtime zip this profile built (dist/sift-lambda[-http]-bundled.zip, by
 * src/build/java/dev/sift/packaging/BundledJvmZip.java): started as provided.al2023 starts a
 * custom runtime, it must answer exactly as the managed-runtime zip of the same build does, with
 * its AOT cache in use ({@code SIFT_AOT_MODE=on} makes the JVM refuse to start without it).
 */
class BundledRuntimeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path managedZip;
    private static Path bundledZip;
    private static String handler;
    private static Path work;

    @BeforeAll
    static void locate() throws IOException {
        managedZip = Path.of(System.getProperty("test.lambda.zip"));
        bundledZip = Path.of(System.getProperty("test.lambda.bundled.zip"));
        handler = System.getProperty("test.lambda.handler");
        Assumptions.assumeTrue(Files.isRegularFile(bundledZip), "no " + bundledZip
                + ": the Lambda build makes it only with a JDK 25 (-Dbundled.jdk=) on an x86-64 machine for linux-x64");
        work = Files.createDirectories(Path.of("target", "bundled-runtime-it").toAbsolutePath());
    }

    private static boolean apiGateway() {
        return handler.equals(ManagedJavaRuntime.HTTP_HANDLER);
    }

    /** The first training event of this zip (src/build/resources/lambda-training), a classify request. */
    private static String event() throws IOException {
        Path events = Path.of(System.getProperty("test.lambda.training.events"));
        return Files.readAllLines(events, StandardCharsets.UTF_8).get(0);
    }

    @Test
    void answersAsTheManagedRuntimeZipDoesWithItsAotCacheInUse() throws Exception {
        String event = event();
        Map<String, String> env = apiGateway() ? Map.of() : Map.of("QUARKUS_FUNQY_EXPORT", "classify");

        Path managedTask = ManagedJavaRuntime.unpack(managedZip, work.resolve("managed"));
        JsonNode managed;
        try (ManagedJavaRuntime runtime = new ManagedJavaRuntime(work.resolve("managed.log"))) {
            runtime.spawn(managedTask, handler, env, List.of());
            managed = answer(runtime.invoke(event), runtime);
        }

        Path bundledTask = ManagedJavaRuntime.unpack(bundledZip, work.resolve("bundled"));
        Map<String, String> bundledEnv = new java.util.HashMap<>(env);
        bundledEnv.put("SIFT_AOT_MODE", "on");
        try (ManagedJavaRuntime runtime = new ManagedJavaRuntime(work.resolve("bundled.log"))) {
            runtime.spawnBootstrap(bundledTask, handler, bundledEnv);
            JsonNode bundled = answer(runtime.invoke(event), runtime);
            assertEquals(managed, bundled, "the bundled runtime's answer differs from the managed runtime's");
            // A second event on the same environment: the runtime loop goes on after the first answer.
            assertEquals(managed, answer(runtime.invoke(event), runtime));
            assertFalse(runtime.log().contains("[error][aot]"), runtime.log());
        }
    }

    /** The classify answer: the value itself, or for API Gateway the status and the parsed body. */
    private static JsonNode answer(HttpResponse<String> response, ManagedJavaRuntime runtime) throws IOException {
        assertEquals(200, response.statusCode(), response.body() + "\n" + runtime.log());
        JsonNode value = JSON.readTree(response.body());
        if (!apiGateway()) {
            assertTrue(value.path("results").isArray(), response.body());
            return value;
        }
        assertEquals(200, value.path("statusCode").asInt(), response.body());
        JsonNode body = JSON.readTree(value.path("body").asText());
        assertTrue(body.path("results").isArray(), response.body());
        return JSON.createObjectNode().put("statusCode", value.path("statusCode").asInt()).set("body", body);
    }

    @Test
    void isAnExecutableBootstrapWithItsOwnRuntimeWithinLambdasLimits() throws IOException {
        Path task = ManagedJavaRuntime.unpack(bundledZip, work.resolve("layout"));
        assertTrue(Files.getPosixFilePermissions(task.resolve("bootstrap")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertTrue(Files.getPosixFilePermissions(task.resolve("jre/bin/java")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertTrue(Files.isDirectory(task.resolve("jre/legal/java.base")), "the runtime's licence notices travel with it");
        assertTrue(Files.isRegularFile(task.resolve("app/sift.aot")));
        assertTrue(Files.isRegularFile(task.resolve("sift/bundles/default/manifest.json")), "the bundle as plain files");
        // Jars only in app/: the runtime client's own loader reads lib/*.jar, which would load them twice.
        assertFalse(Files.exists(task.resolve("lib")));
        long unpacked;
        try (var files = Files.walk(task)) {
            unpacked = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(unpacked < 250L * 1024 * 1024, "unpacked " + unpacked + " bytes; Lambda's limit is 250 MB");
    }
}
