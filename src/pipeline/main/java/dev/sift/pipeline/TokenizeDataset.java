package dev.sift.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import dev.sift.model.ModelBundle;
import dev.sift.text.BertTokenizer;
import dev.sift.text.Encoding;
import dev.sift.text.Truncation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Tokenizes labelled CSVs with the serving tokenizer for the Python trainer, so the ids a model is
 * trained on are the ids it is served with, by construction.
 *
 * <pre>TokenizeDataset TOKENIZER.json OUT_DIR --max-length N [--head-tokens H] [--text-column NAME] A.csv [B.csv ...]</pre>
 *
 * Writes {@code OUT_DIR/A.jsonl} per input: a first line describing the file
 * ({@code {"source", "sha256", "tokenizerSha256", "maxLength", "truncation", "rows", "truncated"}})
 * then one {@code {"label": "...", "ids": [101, ..., 102]}} per row, in CSV order. Labels are the
 * CSV's values verbatim.
 */
public final class TokenizeDataset {
    private TokenizeDataset() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "TokenizeDataset", sortOptions = false,
            description = "Tokenize labelled CSVs with the serving tokenizer; write OUT_DIR/<name>.jsonl per CSV.")
    static final class Cli implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommandLineTool.Help help;
        @Parameters(index = "0", paramLabel = "TOKENIZER.json", description = "The tokenizer a bundle serves with.")
        Path tokenizer;
        @Parameters(index = "1", paramLabel = "OUT_DIR", description = "Where the .jsonl files are written.")
        Path out;
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "CSV", description = "Labelled CSVs (label,text), or with --text-column any CSV.")
        List<Path> inputs;
        @Option(names = "--max-length", required = true, paramLabel = "N",
                description = "Most tokens per text, [CLS] and [SEP] included (at least 3).")
        int maxLength;
        @Option(names = "--head-tokens", paramLabel = "H",
                description = "Keep the first H content tokens and fill the rest with the last ones (default: head only).")
        Integer headTokens;
        @Option(names = "--text-column", paramLabel = "NAME",
                description = "Unlabeled text: tokenize this column of each CSV and write empty labels (make pretrain).")
        String textColumn;

        @Override
        public Integer call() throws IOException {
            if (maxLength < 3) {
                throw CommandLineTool.badArgument(spec, "--max-length must be at least 3, got " + maxLength);
            }
            if (headTokens != null && (headTokens < 0 || headTokens > maxLength)) {
                throw CommandLineTool.badArgument(spec, "--head-tokens must be between 0 and --max-length ("
                        + maxLength + "), got " + headTokens);
            }
            Truncation truncation = headTokens == null ? Truncation.head(maxLength) : Truncation.headTail(maxLength, headTokens);
            Set<Path> names = new HashSet<>();
            for (Path csv : inputs) {
                if (!names.add(csv.getFileName())) { // both would be written to the same OUT_DIR/<name>.jsonl
                    throw CommandLineTool.badArgument(spec, "two inputs are named " + csv.getFileName()
                            + ": rename one (each becomes OUT_DIR/<name>.jsonl)");
                }
            }
            for (Path csv : inputs) {
                Path written = tokenize(tokenizer, csv, out, truncation, textColumn);
                System.out.println(csv + " -> " + written);
            }
            return 0;
        }
    }

    /** Tokenizes one CSV ({@code label,text}) into {@code out/<name>.jsonl}; returns the file written. */
    public static Path tokenize(Path tokenizerJson, Path csv, Path out, Truncation truncation) throws IOException {
        return tokenize(tokenizerJson, csv, out, truncation, null);
    }

    /** As above; with a {@code textColumn}, that column of an unlabeled CSV, each row's label empty. */
    public static Path tokenize(Path tokenizerJson, Path csv, Path out, Truncation truncation, String textColumn)
            throws IOException {
        BertTokenizer tokenizer = BertTokenizer.fromJson(tokenizerJson);
        List<LabeledCsv.Row> rows = textColumn == null ? LabeledCsv.read(csv) : LabeledCsv.readTexts(csv, textColumn);
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
