package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sift.model.ModelBundle;
import dev.sift.model.TestBundles;

/** Copies of the tiny fixture bundle as registry tests need them: equal, worse, or changed under one version. */
final class TinyBundleVersions {
    private final Path dir;
    private int copies;

    TinyBundleVersions(Path dir) {
        this.dir = dir;
    }

    Path version(String version) {
        Path copy = TestBundles.copy(TestBundles.TINY, dir.resolve("bundle-" + copies++));
        TestBundles.editManifest(copy, m -> m.put("version", version));
        return copy;
    }

    /** Same graph, labels in another order: every prediction is named wrongly, so macro-F1 collapses. */
    Path worse(String version) {
        Path copy = version(version);
        TestBundles.editManifest(copy, m -> {
            m.putArray("labels").add("positive").add("neutral").add("negative");
            return m;
        });
        return copy;
    }

    /** The same version with a changed (and correctly re-hashed) tokenizer.json: a registry must refuse it. */
    Path changedFiles(String version) throws IOException {
        Path copy = version(version);
        Path tokenizer = copy.resolve("tokenizer.json");
        Files.writeString(tokenizer, Files.readString(tokenizer) + " ");
        String sha = ModelBundle.sha256(Files.readAllBytes(tokenizer));
        TestBundles.editManifest(copy, m -> {
            ((ObjectNode) m.get("files").get("tokenizer.json")).put("sha256", sha);
            return m;
        });
        return copy;
    }
}
