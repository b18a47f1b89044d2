package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sift.model.BundleException;
import dev.sift.model.ModelBundle;
import dev.sift.model.TestBundles;

/** Registry, promotion rule and rollback on copies of the tiny fixture bundle. */
class PromoteBundleTest {
    @TempDir
    Path temp;

    private ModelRegistry registry;
    private TinyBundleVersions bundles;
    private Path testCsv;

    @BeforeEach
    void setUp() throws IOException {
        registry = new ModelRegistry(temp.resolve("registry"));
        bundles = new TinyBundleVersions(temp);
        testCsv = temp.resolve("test.csv");
        Files.writeString(testCsv, "label,text\npositive,很好\nnegative,很差\nneutral,一般\npositive,服务好\n");
    }

    @Test
    void theFirstBundleBecomesChampionAndServingFollowsThePointer() throws IOException {
        PromoteBundle.Decision d = PromoteBundle.promote(registry, bundles.version("1.0.0"), testCsv, Map.of(), 0.005);
        assertTrue(d.promoted(), d.reason());
        assertEquals("1.0.0", ModelBundle.load("registry:" + registry.root()).manifest().version());
    }

    @Test
    void anEqualChallengerIsPromotedAndAWorseOneIsRejected() throws IOException {
        PromoteBundle.promote(registry, bundles.version("1.0.0"), testCsv, Map.of(), 0.005);
        PromoteBundle.Decision equal = PromoteBundle.promote(registry, bundles.version("1.0.1"), testCsv, Map.of(), 0.005);
        assertTrue(equal.promoted(), equal.reason());
        assertEquals(equal.championMacroF1(), equal.challengerMacroF1(), 1e-12);

        PromoteBundle.Decision worse = PromoteBundle.promote(registry, bundles.worse("1.0.2"), testCsv, Map.of(), 0.005);
        assertFalse(worse.promoted(), worse.reason());
        assertTrue(worse.challengerMacroF1() < worse.championMacroF1() - 0.005);
        assertEquals("1.0.1", registry.champion().orElseThrow().get("version").asText());
        assertTrue(Files.isDirectory(registry.root().resolve("bundles/tiny-classifier/1.0.2")),
                "a rejected challenger is still kept in the registry");
    }

    @Test
    void rollbackPointsTheChampionAtAnyRegisteredVersion() throws IOException {
        PromoteBundle.promote(registry, bundles.version("1.0.0"), testCsv, Map.of(), 0.005);
        PromoteBundle.promote(registry, bundles.version("1.0.1"), testCsv, Map.of(), 0.005);
        registry.setChampion("tiny-classifier", "1.0.0", "rollback", Map.of());
        assertEquals("1.0.0", ModelBundle.load("registry:" + registry.root()).manifest().version());
        String history = Files.readString(registry.root().resolve("history.jsonl"));
        assertTrue(history.lines().anyMatch(l -> l.contains("\"event\":\"rollback\"")), history);
        IOException e = assertThrows(IOException.class,
                () -> registry.setChampion("tiny-classifier", "9.9.9", "rollback", Map.of()));
        assertTrue(e.getMessage().contains("registered: [1.0.0, 1.0.1]"), e.getMessage());
    }

    @Test
    void aVersionIsImmutable() throws IOException {
        registry.register(bundles.version("1.0.0"));
        Path changed = bundles.changedFiles("1.0.0");
        IOException e = assertThrows(IOException.class, () -> registry.register(changed));
        assertTrue(e.getMessage().contains("different files; bump the version"), e.getMessage());
    }

    @Test
    void servingAnEmptyRegistrySaysWhatToDo() {
        BundleException e = assertThrows(BundleException.class,
                () -> ModelBundle.load("registry:" + temp.resolve("empty")));
        assertTrue(e.getMessage().contains("has no champion.json; promote a bundle first"), e.getMessage());
    }
}
