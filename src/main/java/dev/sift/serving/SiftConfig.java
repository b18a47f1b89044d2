package dev.sift.serving;

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
}
