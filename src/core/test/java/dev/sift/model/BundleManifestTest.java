package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BundleManifestTest {
    private static final String SHA = "0".repeat(64);
    private static final String FILES = "\"files\":{\"model.onnx\":{\"sha256\":\"" + SHA
            + "\"},\"tokenizer.json\":{\"sha256\":\"" + SHA + "\"}}";

    private static BundleManifest parse(String json) {
        return BundleManifest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String classifier(String extra) {
        return "{\"name\":\"m\",\"version\":\"1\",\"kind\":\"classifier\",\"labels\":[\"a\",\"b\"],"
                + "\"maxLength\":128," + FILES + extra + "}";
    }

    @Test
    void appliesTheDocumentedDefaults() {
        BundleManifest m = parse(classifier(""));
        assertEquals(BatchMode.PADDED, m.batching());
        assertEquals("logits", m.output());
        assertEquals(BundleManifest.KNOWN_INPUTS, m.inputs());
        assertEquals(128, m.truncation().maxLength());
    }

    @Test
    void embeddingBundlesDefaultToPerItemBatchingBecauseTheirGraphsQuantizeDynamically() {
        BundleManifest m = parse("{\"name\":\"m\",\"version\":\"1\",\"kind\":\"embedding\",\"labels\":[\"a\",\"b\"],"
                + "\"maxLength\":64,\"prototypes\":{\"a\":[\"x\"],\"b\":[\"y\"]}," + FILES + "}");
        assertEquals(BatchMode.PER_ITEM, m.batching());
        assertEquals("last_hidden_state", m.output());
        assertEquals(Pooling.CLS, m.pooling());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ",\"labels\":[\"a\",\"a\"]                | duplicate label 'a'",
        ",\"kind\":\"regressor\"                   | kind must be one of [classifier, multilabel, embedding]",
        ",\"maxLength\":2                          | maxLength must be an integer in [3, 8192]",
        ",\"truncation\":{\"strategy\":\"tail\"}   | truncation.strategy must be 'head' or 'head-tail'",
        ",\"inputs\":[\"input_ids\",\"pixels\"]    | unknown input 'pixels'",
        ",\"batching\":\"sometimes\"               | batching must be one of [padded, per-item]",
        ",\"scoring\":{\"scale\":-1}               | scoring.scale must be a positive number",
    })
    void namesTheFieldThatIsWrong(String override, String expected) {
        // a later duplicate key wins in Jackson's tree model, so appending overrides the valid value
        BundleException e = assertThrows(BundleException.class, () -> parse(classifier(override)));
        assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
    }

    @Test
    void requiresEveryEmbeddingLabelToHaveExamples() {
        BundleException e = assertThrows(BundleException.class, () -> parse(
                "{\"name\":\"m\",\"version\":\"1\",\"kind\":\"embedding\",\"labels\":[\"a\",\"b\"],"
                        + "\"maxLength\":64,\"prototypes\":{\"a\":[\"x\"]}," + FILES + "}"));
        assertTrue(e.getMessage().contains("prototypes.b must be a non-empty array"), e.getMessage());
    }

    @Test
    void requiresTheModelAndTokenizerChecksums() {
        BundleException e = assertThrows(BundleException.class, () -> parse(
                "{\"name\":\"m\",\"version\":\"1\",\"kind\":\"classifier\",\"labels\":[\"a\",\"b\"],\"maxLength\":64,"
                        + "\"files\":{\"model.onnx\":{\"sha256\":\"" + SHA + "\"}}}"));
        assertTrue(e.getMessage().contains("files must list tokenizer.json"), e.getMessage());
    }

    @Test
    void rejectsFileNamesThatEscapeTheBundle() {
        BundleException e = assertThrows(BundleException.class, () -> parse(classifier("")
                .replace("\"tokenizer.json\":", "\"../tokenizer.json\":")));
        assertTrue(e.getMessage().contains("plain names"), e.getMessage());
    }
}
