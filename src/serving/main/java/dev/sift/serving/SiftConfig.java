package dev.sift.serving;

import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every sift setting, under {@code sift.*} in application.properties; each one can be overridden by
 * an environment variable ({@code sift.limits.max-texts} → {@code SIFT_LIMITS_MAX_TEXTS}), which is
 * how Lambda configures it.
 */
@ConfigMapping(prefix = "sift")
public interface SiftConfig {
    Model model();

    Inference inference();

    Limits limits();

    Onnxruntime onnxruntime();

    Feedback feedback();

    interface Model {
        /** A bundle directory, or {@code classpath:<folder>} for the bundle packaged in the application. */
        @WithDefault(ModelLoadPlan.DEFAULT_BUNDLE)
        String bundle();
    }

    interface Inference {
        /** Defaults to the processors available to this container. */
        OptionalInt intraOpThreads();

        @WithDefault(ModelLoadPlan.DEFAULT_OPTIMIZATION_LEVEL)
        String optimizationLevel();

        @WithDefault(ModelLoadPlan.DEFAULT_CPU_ARENA)
        boolean cpuArena();
    }

    interface Onnxruntime {
        /**
         * Keep ONNX Runtime's native libraries in one directory under java.io.tmpdir across starts
         * instead of re-extracting them every time. Read by the packaged app's main before this
         * configuration exists, so set it by -D property or SIFT_ONNXRUNTIME_CACHE_NATIVES.
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
        /** Where feedback is kept: {@code file:<directory>} or {@code s3://bucket/prefix}. */
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

        interface S3 {
            /** An S3-compatible endpoint (MinIO, s3mock) instead of AWS's. */
            Optional<String> endpoint();

            /** Defaults to AWS_REGION, then us-east-1. */
            Optional<String> region();

            /** Address buckets as {@code endpoint/bucket} rather than {@code bucket.endpoint}, as most S3-compatible servers need. */
            @WithDefault("false")
            boolean forcePathStyle();
        }
    }
}
