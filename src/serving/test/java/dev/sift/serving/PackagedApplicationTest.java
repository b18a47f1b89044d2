package dev.sift.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PackagedApplicationTest {
    @Test
    void theRunnerJarsFolderWhenTheJvmRunsItAlone() {
        assertEquals(Optional.of(Path.of("/srv/quarkus-app")), PackagedApplication.directory("/srv/quarkus-app/quarkus-run.jar"));
        assertEquals(Optional.of(Path.of("src/serving/target/quarkus-app").toAbsolutePath()),
                PackagedApplication.directory("src/serving/target/quarkus-app/quarkus-run.jar"));
    }

    @Test
    void theFolderOfSiftsOwnLauncherJar() {
        assertEquals(Optional.of(Path.of("/srv/quarkus-app")), PackagedApplication.directory("/srv/quarkus-app/sift-run.jar"));
        assertEquals(Optional.of(Path.of("src/serving/target/quarkus-app").toAbsolutePath()),
                PackagedApplication.directory("src/serving/target/quarkus-app/sift-run.jar"));
    }

    @Test
    void nothingForAnyOtherClassPath() {
        assertTrue(PackagedApplication.directory("/srv/not-sift-run.jar").isEmpty(), "another jar");
        assertTrue(PackagedApplication.directory("target/classes:lib/a.jar").isEmpty(), "a test JVM");
        assertTrue(PackagedApplication.directory("/var/runtime/lib/aws-lambda-java-runtime-interface-client.jar").isEmpty());
        assertTrue(PackagedApplication.directory("a/quarkus-run.jar:b.jar").isEmpty());
        assertTrue(PackagedApplication.directory("").isEmpty());
    }
}
