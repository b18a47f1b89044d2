package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The streaming reader gives the tree ObjectMapper.readTree gives, node types included. */
class JsonTreeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"b\":-2147483649,\"c\":123456789012345678901234567890,\"d\":0.5,\"e\":1e300,\"f\":\"文本\\n\","
                + "\"g\":true,\"h\":false,\"i\":null,\"j\":[1,[2,{}],[]],\"k\":{\"l\":{\"m\":[null]}}}",
        "{\"same\":1,\"same\":\"last wins\"}",
        "[1, 2.0, \"3\"]",
        "\"text\"",
        "42"})
    void readsTheTreeObjectMapperReads(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(MAPPER.readTree(bytes), JsonTree.read(bytes));
        assertEquals(MAPPER.readTree(bytes).toString(), JsonTree.read(bytes).toString(), "same node types");
    }

    @Test
    void readsEveryManifestInTheRepositoryAsObjectMapperDoes() throws IOException {
        for (String bundle : new String[] {"models/review-sentiment", "src/core/test/resources/bundles/tiny-classifier",
            "src/core/test/resources/bundles/tiny-multilabel"}) {
            byte[] manifest = Files.readAllBytes(Path.of(bundle, "manifest.json"));
            assertEquals(MAPPER.readTree(manifest).toString(), JsonTree.read(manifest).toString(), bundle);
        }
    }

    @Test
    void anEmptyDocumentIsNullAndBrokenJsonIsAParseError() {
        assertNull(assertDoesNotThrowRead(""));
        assertThrows(JsonProcessingException.class, () -> JsonTree.read("{\"a\":".getBytes(StandardCharsets.UTF_8)));
        assertThrows(JsonProcessingException.class, () -> JsonTree.read("{\"a\" 1}".getBytes(StandardCharsets.UTF_8)));
    }

    private static Object assertDoesNotThrowRead(String json) {
        try {
            return JsonTree.read(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
