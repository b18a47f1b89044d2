package dev.sift.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import dev.sift.model.ModelBundle;
import dev.sift.text.BertTokenizer;
import dev.sift.text.Encoding;
import dev.sift.text.Truncation;

/**
 * Tokenizes labelled CSVs with the serving tokenizer for the Python trainer, so the ids a model is
 * trained on are the ids it is served with, by construction.
 *
 * <pre>TokenizeDataset TOKENIZER.json OUT_DIR --max-length N [--head-tokens H] A.csv [B.csv ...]</pre>
 *
 * Writes {@code OUT_DIR/A.jsonl} per input: a first line describing the file
 * ({@code {"source", "sha256", "tokenizerSha256", "maxLength", "truncation", "rows", "truncated"}})
 * then one {@code {"label": "...", "ids": [101, ..., 102]}} per row, in CSV order. Labels are the
 * CSV's values verbatim.
 */
public final class TokenizeDataset {
    private TokenizeDataset() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: TokenizeDataset TOKENIZER.json OUT_DIR --max-length N [--head-tokens H] A.csv [B.csv ...]");
            System.exit(2);
        }
        Path tokenizer = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int maxLength = -1;
        int headTokens = -1;
        List<Path> inputs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--max-length" -> maxLength = Integer.parseInt(args[++i]);
                case "--head-tokens" -> headTokens = Integer.parseInt(args[++i]);
                default -> inputs.add(Path.of(args[i]));
            }
        }
        if (maxLength < 3) {
            throw new IllegalArgumentException("--max-length must be at least 3");
        }
        Truncation truncation = headTokens < 0 ? Truncation.head(maxLength) : Truncation.headTail(maxLength, headTokens);
        for (Path csv : inputs) {
            Path written = tokenize(tokenizer, csv, out, truncation);
            System.out.println(csv + " -> " + written);
        }
    }

    /** Tokenizes one CSV ({@code label,text}) into {@code out/<name>.jsonl}; returns the file written. */
    public static Path tokenize(Path tokenizerJson, Path csv, Path out, Truncation truncation) throws IOException {
        BertTokenizer tokenizer = BertTokenizer.fromJson(tokenizerJson);
        List<LabeledCsv.Row> rows = LabeledCsv.read(csv, "label", "text");
        List<Encoding> encodings = new ArrayList<>(rows.size());
        int truncated = 0;
        for (LabeledCsv.Row row : rows) {
            Encoding encoding = tokenizer.encode(row.text(), truncation);
            encodings.add(encoding);
            truncated += encoding.truncated() ? 1 : 0;
        }
        Files.createDirectories(out);
        String name = csv.getFileName().toString().replaceFirst("\\.csv$", "") + ".jsonl";
        Path target = out.resolve(name);
        JsonFactory factory = new JsonFactory();
        try (OutputStream stream = Files.newOutputStream(target);
             JsonGenerator json = factory.createGenerator(stream, JsonEncoding.UTF8)) {
            json.setRootValueSeparator(new SerializedString("\n"));
            json.writeStartObject();
            json.writeStringField("source", csv.toString());
            json.writeStringField("sha256", ModelBundle.sha256(Files.readAllBytes(csv)));
            json.writeStringField("tokenizerSha256", ModelBundle.sha256(Files.readAllBytes(tokenizerJson)));
            json.writeNumberField("maxLength", truncation.maxLength());
            json.writeObjectFieldStart("truncation");
            json.writeStringField("strategy", truncation.headOnly() ? "head" : "head-tail");
            if (!truncation.headOnly()) {
                json.writeNumberField("headTokens", truncation.headTokens());
            }
            json.writeEndObject();
            json.writeNumberField("rows", rows.size());
            json.writeNumberField("truncated", truncated);
            json.writeEndObject();
            for (int i = 0; i < rows.size(); i++) {
                json.writeStartObject();
                json.writeStringField("label", rows.get(i).label());
                int[] ids = encodings.get(i).ids();
                json.writeArrayFieldStart("ids");
                for (int id : ids) {
                    json.writeNumber(id);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeRaw('\n');
        }
        return target;
    }
}
