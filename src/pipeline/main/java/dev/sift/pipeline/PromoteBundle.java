package dev.sift.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.sift.model.ModelBundle;
import dev.sift.registry.RegistrySettings;
import dev.sift.s3.S3Uri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    public static void main(String[] args) {
        CommandLineTool.run(new Cli(), args);
    }

    @Command(name = "PromoteBundle", subcommands = {Promote.class, Rollback.class},
            description = {"Promote a challenger bundle if it is as good as the champion, or roll back.",
                "REGISTRY: a directory, or s3://bucket/prefix (settings: SIFT_REGISTRY_S3_ENDPOINT,"
                        + " SIFT_REGISTRY_S3_FORCE_PATH_STYLE, AWS_REGION)."})
    static final class Cli { // no call(): picocli answers "Missing required subcommand" (exit 2) by itself
        @Mixin
        CommandLineTool.Help help;
    }

    @Command(name = "promote", sortOptions = false, exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:promoted", "1:failed", "2:bad arguments", "3:rejected: the champion stays"},
            description = "Evaluate the challenger and the champion on TEST.csv; promote the challenger if it wins.")
    static final class Promote implements Callable<Integer> {
        @Mixin
        CommandLineTool.Help help;
        @Parameters(index = "0", paramLabel = "REGISTRY", description = "A directory, or s3://bucket/prefix.")
        String registry;
        @Parameters(index = "1", paramLabel = "BUNDLE_DIR", description = "The challenger.")
        Path bundle;
        @Parameters(index = "2", paramLabel = "TEST.csv", description = "The frozen test set (label,text).")
        Path test;
        @Option(names = "--tolerance", paramLabel = "T", defaultValue = "0.005",
                description = "How much lower the challenger's macro-F1 may be (default: ${DEFAULT-VALUE}).")
        double tolerance;
        @Mixin
        LabelMap.Option labelMap;

        @Override
        public Integer call() throws IOException {
            Decision d = promote(registry, bundle, test, labelMap.map, tolerance);
            System.out.println((d.promoted() ? "PROMOTED: " : "REJECTED: ") + d.reason());
            return d.promoted() ? 0 : 3;
        }
    }

    @Command(name = "rollback", description = "Point the champion at a registered version.")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        CommandLineTool.Help help;
        @Parameters(index = "0", paramLabel = "REGISTRY", description = "A directory, or s3://bucket/prefix.")
        String registry;
        @Parameters(index = "1", paramLabel = "NAME", description = "The bundle's name.")
        String name;
        @Parameters(index = "2", paramLabel = "VERSION", description = "A version the registry holds.")
        String version;

        @Override
        public Integer call() throws IOException {
            rollback(registry, name, version);
            System.out.println("champion is now " + name + " " + version);
            return 0;
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
        return new S3RegistrySync(S3Uri.parse(registry, "model registry"), RegistrySettings.read().connection());
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
