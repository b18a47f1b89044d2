package dev.sift.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import software.constructs.Node;

/**
 * Every deploy-time choice of sift on AWS, read from CDK context ({@code cdk deploy -c key=value}
 * or {@code cdk.json}) with the defaults documented in {@code infra/README.md}.
 *
 * <p>Nothing here needs AWS or a build: the zips are paths, the training image is a repository
 * name and a tag, so synthesis runs offline.
 */
public record SiftParameters(
        String prefix,
        Path lambdaZip,
        Path httpZip,
        /** The retrain steps' zip (sift-pipeline): always the JVM, whichever way the serving zips were built. */
        Path pipelineZip,
        Flavour flavour,
        String javaRuntime,
        Map<ServingFunction, Integer> memoryMb,
        Map<ServingFunction, Integer> reservedConcurrency,
        Map<ServingFunction, Integer> provisionedConcurrency,
        String deploymentConfig,
        String modelRevision,
        String jwtIssuer,
        List<String> jwtAudience,
        boolean authAllRoutes,
        int apiRateLimit,
        int apiBurstLimit,
        int feedbackRateLimit,
        int feedbackBurstLimit,
        int logRetentionDays,
        String alarmEmail,
        int p99DurationMs,
        int errorAlarmThreshold,
        String trainingRepository,
        String trainingImageTag,
        String trainingInstanceType,
        int trainingMaxHours,
        String retrainSchedule,
        int feedbackThreshold,
        boolean createSageMakerLogGroup,
        /** Items (rows) per classifyBatch call: one child execution of the batch Distributed Map. */
        int batchMaxItemsPerBatch,
        /** Child executions at once, and so at most this many concurrent classifyBatch invocations. */
        int batchMaxConcurrency,
        /** Share of failed batches a batch run tolerates before it fails. */
        int batchToleratedFailurePercentage,
        int batchMemoryMb,
        /**
         * Share of classified texts the classifying functions write to the prediction log (0 to 1).
         * 0 turns the log off, and with it its grants, the drift monitor and their alarms.
         */
        double predictionSampleRate,
        /** Log each text too (after the app's redaction), not only its length and character sketch. */
        boolean predictionKeepText,
        /** classify's mean top score per hour below which, three hours in a row, an alarm fires. */
        double minMeanConfidence,
        /** classify's abstentions per text per hour above which, three hours in a row, an alarm fires. */
        double maxAbstentionRate,
        /** EventBridge schedule of the drift monitor, which reads the previous UTC day of the log. */
        String monitorSchedule) {

    /**
     * How the serving zips were built (packaging issue): the JVM on a managed Java runtime with
     * SnapStart (default, {@code -c runtime=jvm}), GraalVM native ({@code native}), or the JVM bundled in
     * the zip with its AOT cache, on provided.al2023 ({@code bundled-jvm}: the {@code *-bundled.zip}
     * files of {@code make lambda} on an x86-64 machine with a JDK 25).
     */
    public enum Flavour {
        NATIVE, JVM, BUNDLED_JVM;

        static Flavour of(String value) {
            for (Flavour f : values()) {
                if (f.name().replace('_', '-').equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("runtime must be jvm, native or bundled-jvm, got '" + value + "'");
        }
    }

    /** The five serving functions: three direct-invocation ones and two behind the HTTP API. */
    public enum ServingFunction {
        CLASSIFY("classify", 2048),
        PREPROCESS("preprocess", 1024),
        FEEDBACK("feedback", 1024),
        /** Serves POST /classify, POST /preprocess and GET /health of the HTTP API. */
        HTTP("http", 2048),
        /** Serves POST /feedback of the HTTP API: the only HTTP function that may write feedback. */
        HTTP_FEEDBACK("httpFeedback", 1024);

        /** Context key stem ({@code classifyMemoryMb}) and, for direct ones, the Funqy export. */
        public final String key;
        /**
         * Lambda allots CPU in proportion to memory (one vCPU at 1,769 MB); classify runs the
         * encoder, so it gets more than the functions that only tokenize or store.
         */
        public final int defaultMemoryMb;

        ServingFunction(String key, int defaultMemoryMb) {
            this.key = key;
            this.defaultMemoryMb = defaultMemoryMb;
        }

        public boolean writesFeedback() {
            return this == FEEDBACK || this == HTTP_FEEDBACK;
        }

        /** Answers classify requests (http serves POST /classify), and so writes the prediction log. */
        public boolean classifies() {
            return this == CLASSIFY || this == HTTP;
        }

        public boolean http() {
            return this == HTTP || this == HTTP_FEEDBACK;
        }
    }

    public SiftParameters {
        if (!prefix.matches("[A-Z][A-Za-z0-9]{0,19}")) {
            throw new IllegalArgumentException("prefix '" + prefix + "' must be 1-20 letters/digits starting with a capital letter");
        }
        requireZip("lambdaZip", lambdaZip);
        requireZip("httpZip", httpZip);
        requireZip("pipelineZip", pipelineZip);
        if ((jwtIssuer == null) != jwtAudience.isEmpty()) {
            throw new IllegalArgumentException("jwtIssuer and jwtAudience go together: give both (JWT on /feedback) or neither (IAM)");
        }
        if (feedbackThreshold < 1) {
            throw new IllegalArgumentException("feedbackThreshold must be at least 1, got " + feedbackThreshold);
        }
        requireRange("batchMaxItemsPerBatch", batchMaxItemsPerBatch, 1, 2_000,
                "rows per classifyBatch call, which refuses larger batches; each also stays under 200 KiB of input");
        requireRange("batchMaxConcurrency", batchMaxConcurrency, 1, 10_000,
                "concurrent child executions of the Distributed Map (its limit is 10,000)");
        requireRange("batchToleratedFailurePercentage", batchToleratedFailurePercentage, 0, 100, "a percentage of batches");
        requireRange("batchMemoryMb", batchMemoryMb, 128, 10_240, "Lambda's memory range in MB");
        requireShare("predictionSampleRate", predictionSampleRate);
        requireShare("minMeanConfidence", minMeanConfidence);
        requireShare("maxAbstentionRate", maxAbstentionRate);
    }

    /** Scores, rates and sampling shares: a NaN would pass every comparison test, so it is refused too. */
    private static void requireShare(String key, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(key + " must be between 0 and 1, got " + value);
        }
    }

    private static void requireRange(String key, int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + " (" + what + "), got " + value);
        }
    }

    private static void requireZip(String key, Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalArgumentException(key + " '" + zip + "' is not a file: build it first (make lambda, packaging issue)"
                    + " or pass -c " + key + "=path/to/function.zip");
        }
    }

    /** Where {@code make lambda} writes a serving zip for {@code flavour}, from infra/. */
    static String defaultServingZip(String name, Flavour flavour) {
        return "../dist/" + name + (flavour == Flavour.BUNDLED_JVM ? "-bundled.zip" : ".zip");
    }

    /** Reads the context of {@code node} (usually the App's), filling in the defaults. */
    public static SiftParameters fromContext(Node node) {
        Context c = new Context(node);
        var memory = new EnumMap<ServingFunction, Integer>(ServingFunction.class);
        var reserved = new EnumMap<ServingFunction, Integer>(ServingFunction.class);
        var provisioned = new EnumMap<ServingFunction, Integer>(ServingFunction.class);
        for (ServingFunction f : ServingFunction.values()) {
            memory.put(f, c.integer(f.key + "MemoryMb", c.integer("memoryMb", f.defaultMemoryMb)));
            // 0 means "not reserved": a new account has only 10 concurrent executions in all,
            // and Lambda refuses a reservation that leaves fewer than 100 unreserved.
            reserved.put(f, c.integer(f.key + "ReservedConcurrency", 0));
            provisioned.put(f, c.integer(f.key + "ProvisionedConcurrency", 0));
        }
        String issuer = c.string("jwtIssuer", null);
        String audience = c.string("jwtAudience", "");
        // The JVM by default: `make lambda` builds JVM zips and the packaging tests run them through
        // the Lambda runtime client; no native image has been built or run yet (README, Lambda).
        Flavour flavour = Flavour.of(c.string("runtime", "jvm"));
        return new SiftParameters(
                c.string("prefix", "Sift"),
                Path.of(c.string("lambdaZip", defaultServingZip("sift-lambda", flavour))),
                Path.of(c.string("httpZip", defaultServingZip("sift-lambda-http", flavour))),
                Path.of(c.string("pipelineZip", "../dist/sift-pipeline-lambda.zip")),
                flavour,
                c.string("javaRuntime", "java21"),
                memory, reserved, provisioned,
                c.string("deploymentConfig", "Canary10Percent5Minutes"),
                c.string("modelRevision", "0"),
                issuer,
                audience.isBlank() ? List.of() : Arrays.stream(audience.split(",")).map(String::trim).toList(),
                c.bool("authAllRoutes", false),
                c.integer("apiRateLimit", 100),
                c.integer("apiBurstLimit", 200),
                c.integer("feedbackRateLimit", 10),
                c.integer("feedbackBurstLimit", 20),
                c.integer("logRetentionDays", 30),
                c.string("alarmEmail", null),
                c.integer("p99DurationMs", 2000),
                c.integer("errorAlarmThreshold", 5),
                c.string("trainingRepository", "sift-training"),
                c.string("trainingImageTag", "latest"),
                c.string("trainingInstanceType", "g5.xlarge"),
                c.integer("trainingMaxHours", 4),
                c.string("retrainSchedule", "cron(0 3 ? * MON *)"),
                c.integer("feedbackThreshold", 1000),
                c.bool("createSageMakerLogGroup", true),
                // 256 short reviews are about 100 KB of child input and a few seconds of encoder time.
                c.integer("batchMaxItemsPerBatch", 256),
                // 10 of the account's concurrent executions (1,000 by default): a batch run leaves
                // serving room. Accounts limited to 10 in all must lower it, or serving is throttled.
                c.integer("batchMaxConcurrency", 10),
                c.integer("batchToleratedFailurePercentage", 1),
                // The classify function's memory: the same model, and a little more than one vCPU.
                c.integer("batchMemoryMb", 2048),
                // Everything by default: a record is a few hundred bytes without text, and the log
                // writes one object per 100 records (the serving README's *Prediction log*).
                c.decimal("predictionSampleRate", 1),
                // No text by default: the sketch is enough to measure drift, and texts are personal data.
                c.bool("predictionKeepText", false),
                c.decimal("minMeanConfidence", 0.7),
                c.decimal("maxAbstentionRate", 0.2),
                // Daily at 02:30 UTC: yesterday's last batches (at most 60 s old at midnight) are written by then.
                c.string("monitorSchedule", "cron(30 2 * * ? *)"));
    }

    /** Whether the classifying functions log predictions and the daily drift monitor runs. */
    public boolean predictionLog() {
        return predictionSampleRate > 0;
    }

    public boolean jwtOnFeedback() {
        return jwtIssuer != null;
    }

    public String stackName(String part) {
        return prefix + part;
    }

    /** Context values arrive as strings from {@code -c} and as JSON values from cdk.json. */
    private record Context(Node node) {
        String string(String key, String fallback) {
            Object v = node.tryGetContext(key);
            return v == null || v.toString().isBlank() ? fallback : v.toString().trim();
        }

        int integer(String key, int fallback) {
            String v = string(key, null);
            if (v == null) {
                return fallback;
            }
            try {
                // JSON numbers from cdk.json may come back as 512.0
                double d = Double.parseDouble(v);
                if (d != Math.rint(d)) {
                    throw new NumberFormatException();
                }
                return (int) d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("context '" + key + "' must be a whole number, got '" + v + "'");
            }
        }

        double decimal(String key, double fallback) {
            String v = string(key, null);
            if (v == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("context '" + key + "' must be a number, got '" + v + "'");
            }
        }

        boolean bool(String key, boolean fallback) {
            String v = string(key, null);
            if (v == null) {
                return fallback;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("context '" + key + "' must be true or false, got '" + v + "'");
            };
        }
    }
}
