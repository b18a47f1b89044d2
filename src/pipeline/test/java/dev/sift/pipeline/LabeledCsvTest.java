package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledCsvTest {
    @TempDir
    Path temp;

    @Test
    void readsQuotedFieldsWithCommasQuotesAndNewlinesAndSkipsTheBom() throws IOException {
        Path csv = temp.resolve("data.csv");
        Files.writeString(csv, "\uFEFFcat,label,review\r\n书籍,1,\"好书，\"\"推荐\"\"\n第二行\"\n酒店,0,差\n",
                StandardCharsets.UTF_8);
        List<LabeledCsv.Row> rows = LabeledCsv.read(csv, "cat", "review");
        assertEquals(List.of(new LabeledCsv.Row("书籍", "好书，\"推荐\"\n第二行"), new LabeledCsv.Row("酒店", "差")), rows);
    }

    @Test
    void namesAMissingColumn() throws IOException {
        Path csv = temp.resolve("data.csv");
        Files.writeString(csv, "label,review\n1,好\n");
        IOException e = assertThrows(IOException.class, () -> LabeledCsv.read(csv, "label", "text"));
        assertTrue(e.getMessage().contains("lacks column 'text'"), e.getMessage());
    }
}
