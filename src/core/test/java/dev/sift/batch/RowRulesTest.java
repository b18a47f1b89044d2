package dev.sift.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class RowRulesTest {
    private final RowRules rules = new RowRules(10);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void acceptsATextWithinTheLimit() {
        assertEquals(new TextRow(3, "a", "房间很干净"), rules.check(3, "a", "text", "房间很干净"));
        assertInstanceOf(TextRow.class, rules.check(1, null, "text", "x".repeat(10)));
    }

    @Test
    void refusesWithTheApisCodes() {
        assertEquals("blank_text", code(rules.check(1, null, "text", " \t\n")));
        assertEquals("blank_text", code(rules.check(1, null, "text", "")));
        assertEquals("text_too_long", code(rules.check(1, null, "text", "x".repeat(11))));
        assertEquals("missing_field", code(rules.check(1, null, "text", null)));
    }

    @Test
    void reportsUndecodableBytesInsteadOfClassifyingThem() {
        RowError error = (RowError) rules.check(7, "r7", "review", "好\uFFFD评");
        assertEquals("invalid_encoding", error.code());
        assertEquals(7, error.row());
        assertEquals("r7", error.id());
        assertTrue(error.message().contains("row 7") && error.message().contains("UTF-8"), error.message());
    }

    @Test
    void readsTextAndIdFromAJsonObject() throws Exception {
        assertEquals(new TextRow(2, "17", "很好"), rules.checkJson(2, node("{\"id\": 17, \"text\": \"很好\"}"), "text", "id"));
        assertEquals(new TextRow(2, "x", "很好"), rules.checkJson(2, node("{\"id\": \"x\", \"text\": \"很好\"}"), "text", "id"));
        assertEquals(new TextRow(2, null, "很好"), rules.checkJson(2, node("{\"text\": \"很好\"}"), "text", "id"));
    }

    @Test
    void refusesJsonRowsOfTheWrongShape() throws Exception {
        assertEquals("invalid_type", code(rules.checkJson(1, node("[\"很好\"]"), "text", "id")));
        assertEquals("invalid_type", code(rules.checkJson(1, node("{\"text\": 42}"), "text", "id")));
        assertEquals("missing_field", code(rules.checkJson(1, node("{\"review\": \"很好\"}"), "text", "id")));
        assertEquals("missing_field", code(rules.checkJson(1, node("{\"text\": null}"), "text", "id")));
        RowError wrong = (RowError) rules.checkJson(4, node("{\"id\": \"k\", \"text\": \"  \"}"), "text", "id");
        assertEquals("k", wrong.id(), "an error keeps the row's id so the caller can match it");
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new RowRules(0));
    }

    private static String code(BatchRow row) {
        return assertInstanceOf(RowError.class, row, "expected an error, got " + row).code();
    }

    private JsonNode node(String text) throws Exception {
        return json.readTree(text);
    }
}
