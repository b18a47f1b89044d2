package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.sift.model.ModelBundle;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;

/**
 * Promotes a challenger bundle only if it is at least as good as the champion on the same frozen
 * test set, and rolls back to any registered version.
 *
 * <pre>
 * PromoteBundle promote  REGISTRY BUNDLE_DIR TEST.csv [--tolerance 0.005] [--label-map a=x,b=y]
 * PromoteBundle rollback REGISTRY NAME VERSION
 * </pre>
 *
 * Both bundles are evaluated here, with the serving classifier, on the one CSV given, so the
 * comparison can never mix test sets. The challenger wins if its macro-F1 is not lower than the
 * champion's by more than the tolerance (0.5 pt by default); an empty registry takes it as the
 * first champion.
 */
public final class PromoteBundle {
    private PromoteBundle() {
    }

    /** {@code promoted}: the challenger wins (and, from {@link #promote}, is now the champion). */
    public record Decision(boolean promoted, double challengerMacroF1, Double championMacroF1, String reason,
            String name, String version, Map<String, Object> details) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 4 && args[0].equals("promote")) {
            double tolerance = 0.005;
            Map<String, String> labelMap = new LinkedHashMap<>();
            for (int i = 4; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--tolerance" -> tolerance = Double.parseDouble(args[i + 1]);
                    case "--label-map" -> Arrays.stream(args[i + 1].split(",")).map(p -> p.split("=", 2))
                            .forEach(p -> labelMap.put(p[0], p[1]));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            Decision d = promote(args[1], Path.of(args[2]), Path.of(args[3]), labelMap, tolerance);
            System.out.println((d.promoted() ? "PROMOTED: " : "REJECTED: ") + d.reason());
            System.exit(d.promoted() ? 0 : 3);
        } else if (args.length == 4 && args[0].equals("rollback")) {
            rollback(args[1], args[2], args[3]);
            System.out.println("champion is now " + args[2] + " " + args[3]);
        } else {
            System.err.println("usage: PromoteBundle promote REGISTRY BUNDLE_DIR TEST.csv [--tolerance 0.005] "
                    + "[--label-map a=x]\n       PromoteBundle rollback REGISTRY NAME VERSION\n"
                    + "REGISTRY: a directory, or s3://bucket/prefix (settings: SIFT_REGISTRY_S3_ENDPOINT, "
                    + "SIFT_REGISTRY_S3_FORCE_PATH_STYLE, AWS_REGION)");
            System.exit(2);
        }
    }

    /** {@link #promote(ModelRegistry, Path, Path, Map, double)} on a directory or an s3:// registry. */
    public static Decision promote(String registry, Path challenger, Path testCsv, Map<String, String> labelMap,
            double tolerance) throws IOException {
        if (!registry.startsWith(S3Uri.SCHEME)) {
            return promote(new ModelRegistry(Path.of(registry)), challenger, testCsv, labelMap, tolerance);
        }
        try (S3RegistrySync sync = openS3(registry)) {
            sync.pull();
            var manifest = ModelBundle.load(challenger.toString()).manifest();
            sync.pullVersion(manifest.name(), manifest.version()); // so an existing version is compared, not replaced
            Decision decision = promote(sync.local(), challenger, testCsv, labelMap, tolerance);
            sync.push();
            return decision;
        }
    }

    /** Points the champion at a registered version of a directory or s3:// registry. */
    public static void rollback(String registry, String name, String version) throws IOException {
        if (!registry.startsWith(S3Uri.SCHEME)) {
            new ModelRegistry(Path.of(registry)).setChampion(name, version, "rollback", Map.of());
            return;
        }
        try (S3RegistrySync sync = openS3(registry)) {
            sync.pull();
            if (!sync.pullVersion(name, version)) {
                throw new IOException("registry " + registry + " has no " + name + " " + version);
            }
            sync.local().setChampion(name, version, "rollback", Map.of());
            sync.push();
        }
    }

    private static S3RegistrySync openS3(String registry) throws IOException {
        return new S3RegistrySync(S3Uri.parse(registry, "model registry"), S3Connection.fromSettings("sift.registry.s3"));
    }

    public static Decision promote(ModelRegistry registry, Path challenger, Path testCsv,
            Map<String, String> labelMap, double tolerance) throws IOException {
        Decision decision = evaluate(registry, challenger, testCsv, labelMap, tolerance);
        if (decision.promoted()) {
            registry.setChampion(decision.name(), decision.version(), "promoted", decision.details());
        }
        return decision;
    }

    /**
     * Registers the challenger and decides, without moving the pointer: the retrain pipeline
     * evaluates in one step and promotes in another. A rejection is recorded in the history here;
     * a winner is recorded when the pointer moves.
     */
    public static Decision evaluate(ModelRegistry registry, Path challenger, Path testCsv,
            Map<String, String> labelMap, double tolerance) throws IOException {
        Path registered = registry.register(challenger);
        var manifest = ModelBundle.load(registered.toString()).manifest();
        String name = manifest.name();
        String version = manifest.version();
        int threads = Runtime.getRuntime().availableProcessors();
        double challengerF1 = (double) EvaluateBundle.evaluate(registered.toString(), testCsv, labelMap, threads, false)
                .get("macroF1");
        Optional<Path> championDir = registry.championDir();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("testData", testCsv.toString());
        details.put("testSha256", ModelBundle.sha256(java.nio.file.Files.readAllBytes(testCsv)));
        details.put("challengerMacroF1", challengerF1);
        details.put("tolerance", tolerance);
        if (championDir.isEmpty()) {
            return new Decision(true, challengerF1, null, "no champion yet; " + name + " " + version
                    + " (macro-F1 " + pct(challengerF1) + ") is the first", name, version, details);
        }
        if (championDir.get().equals(registered)) {
            return new Decision(false, challengerF1, challengerF1, "it is already the champion", name, version, details);
        }
        double championF1 = (double) EvaluateBundle.evaluate(championDir.get().toString(), testCsv, labelMap, threads, false)
                .get("macroF1");
        details.put("championMacroF1", championF1);
        String comparison = "challenger " + name + " " + version + " macro-F1 " + pct(challengerF1)
                + " vs champion " + pct(championF1) + " (tolerance " + pct(tolerance) + ")";
        if (challengerF1 < championF1 - tolerance) {
            registry.record("rejected", name, version, details);
            return new Decision(false, challengerF1, championF1, comparison, name, version, details);
        }
        return new Decision(true, challengerF1, championF1, comparison, name, version, details);
    }

    private static String pct(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f pt", v * 100);
    }
}
