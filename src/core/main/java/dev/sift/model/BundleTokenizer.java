package dev.sift.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.jboss.logging.Logger;

import dev.sift.text.BertTokenizer;

/**
 * Reads a bundle's tokenizer: its compiled form when the bundle has a current one (the packaged
 * bundle does, written at build time), else tokenizer.json. Both give the same tokenizer; the
 * compiled one costs a cold start a few milliseconds instead of tens.
 */
final class BundleTokenizer {
    private static final Logger LOG = Logger.getLogger(BundleTokenizer.class);

    /** The tokenizer and the file it came from, for the start-up log. */
    record Loaded(BertTokenizer tokenizer, String source) {}

    private BundleTokenizer() {
    }

    static Loaded read(ModelBundle bundle) {
        String name = bundle.manifest().name();
        var compiled = bundle.compiledTokenizerBytes();
        if (compiled.isPresent()) {
            try {
                return new Loaded(BertTokenizer.fromCompiled(compiled.get()), BundleManifest.COMPILED_TOKENIZER_FILE);
            } catch (IllegalArgumentException e) {
                // The manifest's record and SHA-256 both vouch for it, so this is a writer's bug or a
                // hand-made file: tokenizer.json is its source and answers the same, only slower.
                LOG.warnf("bundle %s: %s unreadable (%s); reading %s instead", name,
                        BundleManifest.COMPILED_TOKENIZER_FILE, e.getMessage(), BundleManifest.TOKENIZER_FILE);
            }
        }
        try {
            return new Loaded(BertTokenizer.fromJson(new ByteArrayInputStream(bundle.tokenizerBytes())),
                    BundleManifest.TOKENIZER_FILE);
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException("bundle " + name + ": cannot read tokenizer.json: " + e.getMessage(), e);
        }
    }
}
