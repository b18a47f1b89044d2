package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A released bundle's manifest says what its model.onnx really is: the architecture it records
 * equals the one read from the ONNX graph (src/training/architecture.py), and its provenance names
 * files, not a build machine's paths.
 */
class BundleArchitectureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyReleasedBundleRecordsTheArchitectureOfItsGraph() throws IOException {
        TrainerScripts.assumeTorch();
        List<Path> bundles = releasedBundles();
        assertFalse(bundles.isEmpty(), "no bundle with a model.onnx under models/");
        for (Path bundle : bundles) {
            JsonNode recorded = JSON.readTree(bundle.resolve("manifest.json").toFile()).path("architecture");
            assertTrue(recorded.isObject(), bundle + ": manifest has no architecture");
            TrainerScripts.Result read = TrainerScripts.run(120, "architecture.py",
                    bundle.resolve("model.onnx").toAbsolutePath().toString());
            assertEquals(0, read.exitCode(), read.output());
            assertEquals(JSON.readTree(read.output().strip()), recorded, bundle + ": recorded vs graph");
        }
    }

    @Test
    void provenanceNamesNoMachinePathAndNoFlagsTheGraphContradicts() throws IOException {
        for (Path bundle : releasedBundles()) {
            JsonNode manifest = JSON.readTree(bundle.resolve("manifest.json").toFile());
            JsonNode hp = manifest.path("hyperparameters");
            String init = hp.path("init").asText();
            assertFalse(init.contains("/") || init.contains("\\"), bundle + ": init is a path: " + init);
            for (String flag : List.of("hidden", "layers", "heads", "intermediate")) {
                assertTrue(init.equals("random") || hp.path(flag).isMissingNode(),
                        bundle + ": --" + flag + " recorded although the encoder came from " + init);
            }
            assertFalse(manifest.toString().contains("/work/"), bundle + ": a build machine's path in the manifest");
        }
    }

    private static List<Path> releasedBundles() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("models"))) {
            return dirs.filter(d -> Files.exists(d.resolve("model.onnx"))).sorted().toList();
        }
    }
}
