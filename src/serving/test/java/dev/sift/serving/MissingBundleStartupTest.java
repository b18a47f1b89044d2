package dev.sift.serving;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** A bundle that is missing keeps the application from starting, and the output says why. */
@QuarkusMainTest
@TestProfile(MissingBundleStartupTest.MissingBundle.class)
class MissingBundleStartupTest {

    public static class MissingBundle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sift.model.bundle", "/nonexistent/sift-bundle");
        }
    }

    @Test
    void refusesToStartAndNamesTheMissingBundle(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch();
        assertNotEquals(0, result.exitCode());
        String output = result.getOutput() + result.getErrorOutput();
        assertTrue(output.contains("model bundle directory /nonexistent/sift-bundle does not exist"), output);
    }
}
