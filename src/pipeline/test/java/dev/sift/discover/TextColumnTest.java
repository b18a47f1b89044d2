package dev.sift.discover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class TextColumnTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountBlankRowsAndKeepDuplicateTextsOnce() throws IOException {
        Path csv = write("\uFEFFid,text,cat\r\n1,\"好,很好\",a\r\n2,  ,b\r\n3,\"好,很好\",a\r\n4,\"多行\n文本\",c\r\n");
        TextColumn column = TextColumn.read(csv, "text", "cat");
        assertEquals(List.of("好,很好", "多行\n文本"), column.texts());
        assertArrayEquals(new int[] {0, -1, 0, 1}, column.rowText());
        assertEquals(1, column.blankRows());
        assertEquals(1, column.duplicateRows());
        assertEquals(List.of("a", "c"), column.otherColumnValues());
    }

    @Test
    void shouldNameTheColumnAndHeader_whenTheColumnIsMissing() throws IOException {
        BadInputException e = assertThrows(BadInputException.class,
                () -> TextColumn.read(write("label,review\n1,好\n"), "text", null));
        assertTrue(e.getMessage().contains("no column 'text' in the header [label, review]"), e.getMessage());
    }

    @Test
    void shouldRefuseAnEmptyFileAndAHeaderWithoutRows() throws IOException {
        assertTrue(assertThrows(BadInputException.class, () -> TextColumn.read(write(""), "text", null))
                .getMessage().contains("is empty"));
        assertTrue(assertThrows(BadInputException.class, () -> TextColumn.read(write("text\n"), "text", null))
                .getMessage().contains("has a header [text] but no rows"));
    }

    @Test
    void shouldNameTheLine_whenBytesAreNotUtf8() throws IOException {
        Path csv = dir.resolve("gbk.csv");
        byte[] head = "text\n好\n".getBytes(StandardCharsets.UTF_8);
        byte[] gbk = "差评".getBytes(java.nio.charset.Charset.forName("GBK"));
        byte[] all = new byte[head.length + gbk.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(gbk, 0, all, head.length, gbk.length);
        Files.write(csv, all);
        BadInputException e = assertThrows(BadInputException.class, () -> TextColumn.read(csv, "text", null));
        assertTrue(e.getMessage().contains("gbk.csv: line 3 (byte " + head.length + ") is not UTF-8"), e.getMessage());
    }

    private Path write(String content) throws IOException {
        Path csv = Files.createTempFile(dir, "texts", ".csv");
        Files.writeString(csv, content, StandardCharsets.UTF_8);
        return csv;
    }
}
