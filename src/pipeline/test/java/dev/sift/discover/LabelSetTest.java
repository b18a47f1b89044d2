package dev.sift.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSetTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadWhatItWrites() throws IOException {
        LabelSet set = new LabelSet(List.of(new LabelSet.Label("退货", "想退货的", List.of("怎么退货", "我要退款")),
                new LabelSet.Label("物流", null, List.of("快递太慢"))));
        Path file = dir.resolve("labels.json");
        set.write(file);
        assertEquals(set, LabelSet.read(file));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not an object   | []                                                              | the top level must be an object with a \"labels\" array",
        "not JSON        | {\"labels\": [                                                  | is not valid JSON",
        "entry not object| {\"labels\": [\"a\", \"b\"]}                                  | labels[0] must be an object",
        "blank name      | {\"labels\": [{\"name\": \" \", \"examples\": [\"x\"]}]}        | labels[0].name must be a non-empty string",
        "duplicate name  | {\"labels\": [{\"name\": \"a\", \"examples\": [\"x\"]}, {\"name\": \"a\", \"examples\": [\"y\"]}]} | labels[1].name: duplicate label name 'a'",
        "no examples     | {\"labels\": [{\"name\": \"a\", \"examples\": []}, {\"name\": \"b\", \"examples\": [\"y\"]}]}   | labels[0].examples: label 'a' has no examples",
        "example number  | {\"labels\": [{\"name\": \"a\", \"examples\": [3]}]}            | labels[0].examples[0] must be a non-empty string",
        "unknown field   | {\"labels\": [{\"name\": \"a\", \"examples\": [\"x\"], \"texts\": []}]} | labels[0] has an unknown field 'texts'",
        "one label       | {\"labels\": [{\"name\": \"a\", \"examples\": [\"x\"]}]}        | at least two labels, found 1",
    })
    void shouldNameTheEntry_whenTheShapeIsWrong(String what, String json, String expected) throws IOException {
        Path file = dir.resolve("labels.json");
        Files.writeString(file, json);
        BadInputException e = assertThrows(BadInputException.class, () -> LabelSet.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
