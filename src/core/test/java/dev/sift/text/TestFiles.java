package dev.sift.text;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the real bge-small-zh tokenizer and the shared review data. */
final class TestFiles {

    /** Unpacked by {@code generate-resources}, which runs before {@code test}. */
    static final Path BGE_TOKENIZER = Path.of("target", "bge-small-zh", "bge-small-zh-v1.5-q-tokenizer.json");

    /** The public review datasets beside the checkout; absent in a fresh clone. */
    static final Path SHARED_DATA = Path.of("..", "shared", "data");

    private TestFiles() {}

    static Path bgeTokenizer() {
        if (!Files.isRegularFile(BGE_TOKENIZER)) {
            throw new IllegalStateException(BGE_TOKENIZER.toAbsolutePath()
                    + " is missing: run ./mvnw generate-resources (the test phase runs it)");
        }
        return BGE_TOKENIZER;
    }
}
