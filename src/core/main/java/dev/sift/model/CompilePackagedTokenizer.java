package dev.sift.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sift.text.BertTokenizer;
import dev.sift.text.Encoding;
import dev.sift.text.Truncation;

/**
 * Build step for the bundle packaged into the application (the serving pom runs it at
 * process-classes, after {@link PreOptimizePackagedBundle}): writes
 * {@link BundleManifest#COMPILED_TOKENIZER_FILE}, the tokenizer as the arrays it is made of, lists it
 * in the manifest with its SHA-256 and records which tokenizer.json it was made from. A cold start
 * then reads the tokenizer with a few bulk copies instead of parsing 440 KB of JSON and building
 * the vocabulary trie (37-46 ms of the model-load thread, src/bench/results/coldstart-levers-2026-12-03.txt).
 *
 * <p>The step fails the build unless the compiled form reads back into the same tokenizer: written
 * again it gives the same bytes, and it encodes every vocabulary entry and the probe texts exactly
 * as tokenizer.json's tokenizer does, with head-only and head-and-tail truncation. A bundle whose
 * record already names its tokenizer.json is left as it is.
 *
 * <pre>CompilePackagedTokenizer DIR...</pre>
 */
public final class CompilePackagedTokenizer {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Entries of the vocabulary per probe text; each is one word to the pre-tokenizer. */
    private static final int WORDS_PER_PROBE = 400;

    private CompilePackagedTokenizer() {
    }

    public static void main(String[] args) {
        for (String dir : args) {
            System.out.println(compile(Path.of(dir).toAbsolutePath()));
        }
    }

    /** Compiles the tokenizer of the bundle in {@code dir} (verified first, as any load does); a line saying what was done. */
    static String compile(Path dir) {
        ModelBundle bundle = ModelBundle.load(dir.toString());
        BundleManifest manifest = bundle.manifest();
        String what = "packaged bundle " + manifest.name() + " " + manifest.version();
        if (bundle.compiledTokenizerBytes().isPresent()) {
            return what + ": " + BundleManifest.COMPILED_TOKENIZER_FILE + " already compiled from its tokenizer.json";
        }
        try {
            BertTokenizer source = BertTokenizer.fromJson(new ByteArrayInputStream(bundle.tokenizerBytes()));
            byte[] compiled = source.compile();
            BertTokenizer read = BertTokenizer.fromCompiled(compiled);
            if (!Arrays.equals(compiled, read.compile())) {
                throw new IllegalStateException(what + ": the compiled tokenizer does not read back into the same arrays");
            }
            int probes = requireSameEncodings(what, source, read);
            Path manifestFile = dir.resolve("manifest.json");
            ObjectNode json = (ObjectNode) JSON.readTree(Files.readAllBytes(manifestFile));
            ((ObjectNode) json.get("files")).putObject(BundleManifest.COMPILED_TOKENIZER_FILE)
                    .put("sha256", ModelBundle.sha256(compiled)).put("bytes", compiled.length);
            json.putObject(BundleManifest.COMPILED_TOKENIZER_RECORD).put("format", BertTokenizer.COMPILED_FORMAT)
                    .put("tokenizerSha256", manifest.files().get(BundleManifest.TOKENIZER_FILE));
            Files.write(dir.resolve(BundleManifest.COMPILED_TOKENIZER_FILE), compiled);
            JSON.writerWithDefaultPrettyPrinter().writeValue(manifestFile.toFile(), json);
            // Start-up does not hash a packaged bundle: the build's check must be of the files as they now are.
            if (ModelBundle.load(dir.toString()).compiledTokenizerBytes().isEmpty()) {
                throw new IllegalStateException(what + ": the manifest written does not select the compiled tokenizer");
            }
            return String.format("%s: tokenizer.json (%d bytes) compiled into %s (%d bytes, format %d); same encodings"
                    + " of %d probe texts, the whole vocabulary among them", what, bundle.tokenizerBytes().length,
                    BundleManifest.COMPILED_TOKENIZER_FILE, compiled.length, BertTokenizer.COMPILED_FORMAT, probes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compile the tokenizer of " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Fails unless both tokenizers encode the probes alike; how many probes there were. */
    private static int requireSameEncodings(String what, BertTokenizer expected, BertTokenizer actual) {
        List<String> probes = new ArrayList<>(PreOptimizePackagedBundle.PROBES);
        List<String> words = expected.tokens();
        for (int from = 0; from < words.size(); from += WORDS_PER_PROBE) {
            probes.add(String.join(" ", words.subList(from, Math.min(words.size(), from + WORDS_PER_PROBE))));
        }
        List<Truncation> truncations = List.of(Truncation.head(Integer.MAX_VALUE), Truncation.head(64),
                Truncation.headTail(64, 16));
        for (String probe : probes) {
            for (Truncation truncation : truncations) {
                Encoding want = expected.encode(probe, truncation);
                if (!want.equals(actual.encode(probe, truncation))) {
                    throw new IllegalStateException(what + ": the compiled tokenizer encodes \""
                            + probe.substring(0, Math.min(40, probe.length())) + "…\" differently from tokenizer.json");
                }
            }
        }
        return probes.size();
    }
}
