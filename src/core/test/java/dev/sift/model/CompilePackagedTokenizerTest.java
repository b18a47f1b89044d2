package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.text.BertTokenizer;

class CompilePackagedTokenizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEXTS = List.of("房间很干净", "服务态度差，[MASK] 不会再来", "还行吧 OK");

    @TempDir
    Path temp;

    @Test
    void writesTheCompiledTokenizerListsItAndTheBundleThenServesFromIt() throws IOException {
        Path trained = TestBundles.copy(TestBundles.TINY, temp.resolve("trained"));
        Path bundle = TestBundles.copy(TestBundles.TINY, temp.resolve("packaged"));

        String said = CompilePackagedTokenizer.compile(bundle);

        assertTrue(said.contains("compiled into tokenizer.bin"), said);
        JsonNode manifest = JSON.readTree(bundle.resolve("manifest.json").toFile());
        byte[] compiled = Files.readAllBytes(bundle.resolve(BundleManifest.COMPILED_TOKENIZER_FILE));
        assertEquals(ModelBundle.sha256(compiled), manifest.at("/files/tokenizer.bin/sha256").asText());
        assertEquals(compiled.length, manifest.at("/files/tokenizer.bin/bytes").asInt());
        assertEquals(BertTokenizer.COMPILED_FORMAT, manifest.at("/compiledTokenizer/format").asInt());
        assertEquals(manifest.at("/files/tokenizer.json/sha256").asText(), manifest.at("/compiledTokenizer/tokenizerSha256").asText());
        assertAnswersAlike(trained, bundle, BundleManifest.COMPILED_TOKENIZER_FILE);
    }

    @Test
    void aBundleAlreadyCompiledIsLeftAsItIs() throws IOException {
        Path bundle = TestBundles.copy(TestBundles.TINY, temp.resolve("packaged"));
        CompilePackagedTokenizer.compile(bundle);
        byte[] manifest = Files.readAllBytes(bundle.resolve("manifest.json"));

        String said = CompilePackagedTokenizer.compile(bundle);

        assertTrue(said.contains("already compiled"), said);
        assertArrayEquals(manifest, Files.readAllBytes(bundle.resolve("manifest.json")));
    }

    @Test
    void aCompiledTokenizerOfAnotherTokenizerJsonIsIgnoredAndThenRecompiled() throws IOException {
        Path trained = TestBundles.copy(TestBundles.TINY, temp.resolve("trained"));
        Path bundle = TestBundles.copy(TestBundles.TINY, temp.resolve("packaged"));
        CompilePackagedTokenizer.compile(bundle);
        // tokenizer.json replaced (same tokenizer, one more space) and the manifest updated for it, as a
        // retrained bundle would be, with the tokenizer.bin of the old one left behind.
        byte[] json = (new String(Files.readAllBytes(bundle.resolve("tokenizer.json")), StandardCharsets.UTF_8) + " ")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(bundle.resolve("tokenizer.json"), json);
        TestBundles.editManifest(bundle, m -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("files").get("tokenizer.json"))
                    .put("sha256", ModelBundle.sha256(json)).put("bytes", json.length);
            return m;
        });

        assertTrue(ModelBundle.load(bundle.toString()).compiledTokenizerBytes().isEmpty(), "stale: not used");
        assertAnswersAlike(trained, bundle, BundleManifest.TOKENIZER_FILE);

        assertTrue(CompilePackagedTokenizer.compile(bundle).contains("compiled into"));
        assertAnswersAlike(trained, bundle, BundleManifest.COMPILED_TOKENIZER_FILE);
    }

    @Test
    void anUnreadableCompiledTokenizerFallsBackToTokenizerJson() throws IOException {
        Path trained = TestBundles.copy(TestBundles.TINY, temp.resolve("trained"));
        Path bundle = TestBundles.copy(TestBundles.TINY, temp.resolve("packaged"));
        CompilePackagedTokenizer.compile(bundle);
        // A format this reader does not know, with a matching SHA-256: what a newer build's bundle looks like.
        byte[] compiled = Files.readAllBytes(bundle.resolve(BundleManifest.COMPILED_TOKENIZER_FILE));
        compiled[8] = 99;
        Files.write(bundle.resolve(BundleManifest.COMPILED_TOKENIZER_FILE), compiled);
        TestBundles.editManifest(bundle, m -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("files").get(BundleManifest.COMPILED_TOKENIZER_FILE))
                    .put("sha256", ModelBundle.sha256(compiled));
            return m;
        });

        assertTrue(ModelBundle.load(bundle.toString()).compiledTokenizerBytes().isPresent());
        assertAnswersAlike(trained, bundle, BundleManifest.TOKENIZER_FILE);
    }

    @Test
    void aBundleThatFailsItsChecksumsIsRefusedAndLeftUntouched() throws IOException {
        Path bundle = TestBundles.copy(TestBundles.TINY, temp.resolve("packaged"));
        Files.writeString(bundle.resolve("tokenizer.json"), " ", java.nio.file.StandardOpenOption.APPEND);

        assertThrows(BundleException.class, () -> CompilePackagedTokenizer.compile(bundle));

        assertFalse(Files.exists(bundle.resolve(BundleManifest.COMPILED_TOKENIZER_FILE)));
        assertFalse(JSON.readTree(bundle.resolve("manifest.json").toFile()).has(BundleManifest.COMPILED_TOKENIZER_RECORD));
    }

    /** The bundle reads its tokenizer from {@code source} and classifies as the trained bundle does. */
    private static void assertAnswersAlike(Path trained, Path bundle, String source) {
        try (TextClassifier expected = TextClassifier.load(ModelBundle.load(trained.toString()), TestBundles.oneThread());
                TextClassifier actual = TextClassifier.load(ModelBundle.load(bundle.toString()), TestBundles.oneThread())) {
            assertEquals(BundleManifest.TOKENIZER_FILE, expected.tokenizerSource());
            assertEquals(source, actual.tokenizerSource());
            for (String text : TEXTS) {
                assertEquals(expected.encoder().encode(List.of(text)), actual.encoder().encode(List.of(text)), text);
            }
            assertEquals(expected.classify(TEXTS, 3), actual.classify(TEXTS, 3));
        }
    }
}
