package dev.sift.config;

import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every sift setting, under {@code sift.*}: in application.properties, as a {@code -D} property or
 * as an environment variable by the standard mapping ({@code sift.limits.max-texts} →
 * {@code SIFT_LIMITS_MAX_TEXTS}), which is how Lambda configures it. The README's configuration
 * table lists exactly these keys (ConfigurationTableTest).
 *
 * <p>One mapping for serving and the pipeline, so it lives in sift-store, the module both depend
 * on: Quarkus injects it in serving (application.properties indexes sift-store so that Quarkus
 * finds it), and {@link SiftConfigReader} reads it where Quarkus does not run (the pipeline, and
 * serving's entry points before Quarkus boots). Each side uses its own groups; a key of the other
 * side is known, so the unknown-key check of the {@code sift} root still refuses only typos.
 */
@ConfigMapping(prefix = "sift")
public interface SiftConfig {
    String DEFAULT_BUNDLE = "classpath:sift/bundles/default";

    Model model();

    Inference inference();

    Limits limits();

    Onnxruntime onnxruntime();

    Feedback feedback();

    Predictions predictions();

    Registry registry();

    Pipeline pipeline();

    Monitor monitor();

    interface Model {
        /**
         * A bundle directory, {@code classpath:<folder>}, {@code registry:<dir>} or
         * {@code registry:s3://bucket/prefix} (its champion).
         */
        @WithDefault(DEFAULT_BUNDLE)
        String bundle();

        /**
         * Not read by the application: infra sets it (SIFT_MODEL_REVISION), and a new value publishes
         * new function versions, so a champion promoted in the registry reaches every environment
         * through the canary. A key of its own, so that the variable names a known setting.
         */
        Optional<String> revision();
    }

    interface Inference {
        /** Defaults to the processors available to this container. */
        OptionalInt intraOpThreads();

        @WithDefault("all")
        String optimizationLevel();

        @WithDefault("true")
        boolean cpuArena();
    }

    interface Onnxruntime {
        /**
         * Keep ONNX Runtime's native libraries in one private directory under java.io.tmpdir across
         * starts instead of re-extracting them every time (the packaged app; the Lambda zips carry
         * them extracted).
         */
        @WithDefault("true")
        boolean cacheNatives();
    }

    interface Limits {
        /** Most texts in one classify or preprocess request. */
        @WithDefault("64")
        int maxTexts();

        /** Most characters (UTF-16 code units) in one text. */
        @WithDefault("10000")
        int maxTextChars();
    }

    interface Feedback {
        /**
         * Where serving keeps feedback: {@code file:<directory>} or {@code s3://bucket/prefix}; {@code none}
         * for a deployment that takes no feedback (it then opens no store and refuses corrections).
         */
        @WithDefault("file:${user.home}/.sift/feedback")
        String store();

        /** Accept labels the serving model does not know (a new class being introduced). */
        @WithDefault("false")
        boolean allowNewLabels();

        /** Replace phone, resident ID, bank card numbers and e-mail addresses before storing. */
        @WithDefault("false")
        boolean redact();

        /** Most keys in a request's {@code metadata} object. */
        @WithDefault("16")
        int maxMetadataKeys();

        /** Most bytes of a request's {@code metadata} object as compact JSON. */
        @WithDefault("2048")
        int maxMetadataBytes();

        S3 s3();
    }

    /** The prediction log: a sample of served predictions, for monitoring (README, Prediction log). */
    interface Predictions {
        /** {@code file:<directory>} or {@code s3://bucket/prefix}; unset: no prediction log. */
        Optional<String> store();

        /** The share of classified texts logged, 0 to 1. */
        @WithDefault("1")
        double sampleRate();

        /** Keep each text, redacted as feedback is; otherwise only its length, [UNK] rate and character sketch. */
        @WithDefault("false")
        boolean keepText();

        /** Records per written object. */
        @WithDefault("100")
        int batchSize();

        /** Seconds a record waits for its batch to fill before the batch is written anyway. */
        @WithDefault("60")
        int maxAgeSeconds();

        S3 s3();
    }

    /** Reading a model registry in S3 ({@code registry:s3://…} bundles; the pipeline's registry). */
    interface Registry {
        /** Where champions downloaded from an S3 registry are kept; defaults to {@code <java.io.tmpdir>/sift-registry}. */
        Optional<String> cache();

        S3 s3();
    }

    /** The retrain steps' locations (infra sets them on the pipeline's functions). */
    interface Pipeline {
        /** {@code s3://<models>/training}: {@code datasets/} (base data, encoder) and {@code runs/<execution>/}. */
        Optional<String> trainingData();

        /** The S3 model registry the steps read the champion from and register challengers in. */
        Optional<String> modelRegistry();

        /** The feedback store the prepare step merges (the one serving writes). */
        Optional<String> feedbackStore();

        /** How much lower a challenger's test accuracy may be than the champion's and still be promoted. */
        @WithDefault("0.005")
        double promoteTolerance();
    }

    /** The daily drift monitor on AWS (dev.sift.monitor.DailyMonitor; make monitor takes its settings as arguments). */
    interface Monitor {
        /** {@code s3://bucket/prefix} where each run writes {@code <until>/monitor.json} and {@code report.html}. */
        Optional<String> reports();

        /** Days of prediction log a run compares with the champion's reference, ending yesterday (UTC). */
        @WithDefault("1")
        int windowDays();
    }

    /** How to reach S3 or an S3-compatible server (MinIO, s3mock). */
    interface S3 {
        /** An S3-compatible endpoint instead of AWS's. */
        Optional<String> endpoint();

        /** Defaults to AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1. */
        Optional<String> region();

        /** Address buckets as {@code endpoint/bucket} rather than {@code bucket.endpoint}, as most S3-compatible servers need. */
        @WithDefault("false")
        boolean forcePathStyle();
    }
}
