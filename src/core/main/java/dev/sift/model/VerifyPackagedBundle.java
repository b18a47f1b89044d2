package dev.sift.model;

import java.nio.file.Path;

/**
 * Build-time integrity check of the bundles packaged into the application (pom.xml runs it at
 * process-classes on target/classes/sift/bundles/default): every file's SHA-256 against its
 * manifest, exactly as a directory bundle is checked at run time. The build fails on a mismatch,
 * which is why start-up can skip hashing classpath bundles ({@link ModelBundle}).
 *
 * <pre>VerifyPackagedBundle DIR...</pre>
 */
public final class VerifyPackagedBundle {
    private VerifyPackagedBundle() {
    }

    public static void main(String[] args) {
        for (String dir : args) {
            BundleManifest manifest = ModelBundle.load(Path.of(dir).toAbsolutePath().toString()).manifest();
            System.out.println("packaged bundle " + manifest.name() + " " + manifest.version() + ": "
                    + manifest.files().size() + " files match their SHA-256 (" + dir + ")");
        }
    }
}
