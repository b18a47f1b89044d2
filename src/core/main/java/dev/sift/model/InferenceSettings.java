package dev.sift.model;

/**
 * ONNX Runtime settings that sift sets explicitly instead of inheriting library defaults.
 *
 * @param intraOpThreads     threads one inference may use; defaults to the processors this container
 *                           is given (Lambda's vCPUs grow with memory), never more, because extra
 *                           threads only contend for the same cores
 * @param optimizationLevel  graph optimisation applied when the session is created; "all" fuses
 *                           attention/GELU/LayerNorm nodes and pays for itself from the first requests
 * @param cpuArena           whether ORT keeps freed activation buffers in an arena; on by default
 *                           because one model per container reuses the same buffers for every call,
 *                           off to give memory back between calls on small containers
 */
public record InferenceSettings(int intraOpThreads, String optimizationLevel, boolean cpuArena) {

    public InferenceSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
        }
        if (!java.util.List.of("none", "basic", "extended", "all").contains(optimizationLevel)) {
            throw new IllegalArgumentException(
                    "optimizationLevel must be none, basic, extended or all, got " + optimizationLevel);
        }
    }

    public static InferenceSettings defaults() {
        return new InferenceSettings(Runtime.getRuntime().availableProcessors(), "all", true);
    }

    public InferenceSettings withIntraOpThreads(int threads) {
        return new InferenceSettings(threads, optimizationLevel, cpuArena);
    }

    public InferenceSettings withOptimizationLevel(String level) {
        return new InferenceSettings(intraOpThreads, level, cpuArena);
    }
}
