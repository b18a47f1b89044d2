package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import dev.sift.text.Truncation;

class TokenizeDatasetTest {
    private static final Path TOKENIZER = Path.of("src/core/test/resources/bundles/tiny-classifier/tokenizer.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void writesTheServingTokenizersIdsWithLabelsVerbatimInCsvOrder() throws IOException {
        Path csv = temp.resolve("train.csv");
        Files.writeString(csv, "label,text\n1,房间很好\n0,\"服务很差，不好\"\n1,好\n", StandardCharsets.UTF_8);

        Path out = TokenizeDataset.tokenize(TOKENIZER, csv, temp.resolve("ids"), Truncation.head(16));

        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(temp.resolve("ids/train.jsonl"), out);
        assertEquals(4, lines.size());
        JsonNode header = JSON.readTree(lines.get(0));
        assertEquals(3, header.get("rows").asInt());
        assertEquals(16, header.get("maxLength").asInt());
        assertEquals("head", header.at("/truncation/strategy").asText());
        BertTokenizer tokenizer = BertTokenizer.fromJson(TOKENIZER);
        String[] texts = {"房间很好", "服务很差，不好", "好"};
        String[] labels = {"1", "0", "1"};
        for (int i = 0; i < texts.length; i++) {
            JsonNode row = JSON.readTree(lines.get(i + 1));
            assertEquals(labels[i], row.get("label").asText());
            int[] ids = new int[row.get("ids").size()];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = row.get("ids").get(j).asInt();
            }
            assertArrayEquals(tokenizer.encode(texts[i], Truncation.head(16)).ids(), ids);
        }
    }

    @Test
    void headTailTruncationKeepsTheEndOfLongTexts() throws IOException {
        Path csv = temp.resolve("long.csv");
        Files.writeString(csv, "label,text\n0,好好好好好好好好好好差\n", StandardCharsets.UTF_8);

        Path out = TokenizeDataset.tokenize(TOKENIZER, csv, temp, Truncation.headTail(6, 2));

        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        JsonNode header = JSON.readTree(lines.get(0));
        assertEquals("head-tail", header.at("/truncation/strategy").asText());
        assertEquals(2, header.at("/truncation/headTokens").asInt());
        assertEquals(1, header.get("truncated").asInt());
        // [CLS] 好 好 | 好 差 [SEP]: two tokens from the head, the rest of the budget from the tail
        assertEquals("[2,5,5,5,6,3]", JSON.readTree(lines.get(1)).get("ids").toString());
    }
}
