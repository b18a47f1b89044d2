package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sift.model.BundleManifest;
import dev.sift.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Builds an {@code embedding} bundle from an encoder, its tokenizer and a label specification
 * (labels with example sentences), and writes the manifest with every file's SHA-256.
 *
 * <p>The build runs it to make the default bundle from the encoder in the langchain4j jar:
 * {@code BuildEmbeddingBundle <spec.json> <encoder.onnx> <tokenizer.json> <out-dir>}.
 */
public final class BuildEmbeddingBundle {
    private BuildEmbeddingBundle() {
    }

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "BuildEmbeddingBundle",
            description = "Build an embedding bundle from a label specification, an encoder and its tokenizer.")
    static final class Cli implements Callable<Integer> {
        @Mixin
        CommandLineTool.Help help;
        @Parameters(index = "0", paramLabel = "SPEC.json", description = "Labels with example sentences.")
        Path spec;
        @Parameters(index = "1", paramLabel = "ENCODER.onnx", description = "The sentence encoder.")
        Path encoder;
        @Parameters(index = "2", paramLabel = "TOKENIZER.json", description = "The encoder's tokenizer.")
        Path tokenizer;
        @Parameters(index = "3", paramLabel = "OUT_DIR", description = "Where the bundle is written.")
        Path out;

        @Override
        public Integer call() throws IOException {
            System.out.println("embedding bundle written to " + build(spec, encoder, tokenizer, out));
            return 0;
        }
    }

    public static Path build(Path spec, Path encoder, Path tokenizer, Path out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(spec.toFile());
        Files.createDirectories(out);
        Files.copy(encoder, out.resolve(BundleManifest.MODEL_FILE), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(tokenizer, out.resolve(BundleManifest.TOKENIZER_FILE), StandardCopyOption.REPLACE_EXISTING);
        ObjectNode files = manifest.putObject("files");
        for (String name : new String[] {BundleManifest.MODEL_FILE, BundleManifest.TOKENIZER_FILE}) {
            byte[] bytes = Files.readAllBytes(out.resolve(name));
            files.putObject(name).put("sha256", ModelBundle.sha256(bytes)).put("bytes", bytes.length);
        }
        // Parse what we wrote with the serving code's own rules, so a bad spec fails the build, not the start-up.
        BundleManifest.parse(json.writeValueAsBytes(manifest));
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("manifest.json").toFile(), manifest);
        return out;
    }
}
