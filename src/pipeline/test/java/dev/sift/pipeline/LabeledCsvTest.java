package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
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
        assertEquals(csv + " row 1: header [label, review] lacks column 'text'", e.getMessage());
    }

    @Test
    void readsTheLabelAndTextColumnsByDefault() throws IOException {
        Path csv = temp.resolve("data.csv");
        Files.writeString(csv, "text,id,label\n很好,7,1\n");
        assertEquals(List.of(new LabeledCsv.Row("1", "很好")), LabeledCsv.read(csv));
    }

    @Test
    void numbersRowsNotLinesInAShortRowError() throws IOException {
        Path csv = temp.resolve("short.csv");
        // Row 2 spans two lines; row 3 (on line 4) lacks its text.
        Files.writeString(csv, "label,text\n1,\"第一行\n第二行\"\n0\n");
        IOException e = assertThrows(IOException.class, () -> LabeledCsv.read(csv));
        assertEquals(csv + " row 3: 1 field(s), but the header has 2 and 'text' is field 2", e.getMessage());
    }

    @Test
    void namesTheRowOfAnUnterminatedQuote() throws IOException {
        Path csv = temp.resolve("open.csv");
        Files.writeString(csv, "label,text\n1,好\n0,\"差\n\n");
        IOException e = assertThrows(IOException.class, () -> LabeledCsv.read(csv));
        assertTrue(e.getMessage().startsWith(csv + " row 3: "), e.getMessage());
        assertTrue(e.getMessage().contains("EOF reached before encapsulated token finished"), e.getMessage());
    }

    @Test
    void namesTheFileRowAndByteOfBytesThatAreNotUtf8() throws IOException {
        Path csv = temp.resolve("gbk.csv");
        byte[] head = "label,text\n1,\"好\n书\"\n0,".getBytes(StandardCharsets.UTF_8);
        byte[] gbk = "差".getBytes("GBK"); // 0xb2 0xee: not UTF-8
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(head);
        bytes.write(gbk);
        bytes.write('\n');
        Files.write(csv, bytes.toByteArray());
        IOException e = assertThrows(IOException.class, () -> LabeledCsv.read(csv));
        assertEquals(csv + " row 3: not UTF-8 (byte 0xb2 at offset " + head.length + ")", e.getMessage());
    }

    @Test
    void aNonUtf8ByteInsideAQuotedMultiLineFieldIsInTheRowThatFieldStartsIn() throws IOException {
        Path csv = temp.resolve("gbk.csv");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("label,text\n1,\"第一行\n".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xff);
        bytes.write("\"\n".getBytes(StandardCharsets.UTF_8));
        Files.write(csv, bytes.toByteArray());
        IOException e = assertThrows(IOException.class, () -> LabeledCsv.read(csv));
        assertTrue(e.getMessage().startsWith(csv + " row 2: not UTF-8 (byte 0xff"), e.getMessage());
    }

    @Test
    void writesWhatItReadsBackIncludingQuotesCommasNewlinesAndEdgeSpaces() throws IOException {
        Path csv = temp.resolve("out.csv");
        List<LabeledCsv.Row> rows = List.of(new LabeledCsv.Row("positive", "好,\"很\"好\"\r\n第二行"),
                new LabeledCsv.Row("", " 前后空格 "), new LabeledCsv.Row("#0", ""));
        LabeledCsv.write(csv, rows);
        assertEquals(rows, LabeledCsv.read(csv));
        String written = Files.readString(csv);
        assertTrue(written.startsWith("label,text\r\npositive,\"好,\"\"很\"\"好\"\"\r\n第二行\"\r\n"), written);
    }

    @Test
    void keepsBlankLinesAsRecordsSoRowNumbersStayTrue() throws IOException {
        Path csv = temp.resolve("blank.csv");
        Files.writeString(csv, "label,text\n\n1,好\n");
        List<List<String>> records = LabeledCsv.records(csv);
        assertEquals(List.of(List.of("label", "text"), List.of(""), List.of("1", "好")), records);
    }
}
