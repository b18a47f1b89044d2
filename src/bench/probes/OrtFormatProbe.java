import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/**
 * Issue 17's "ORT format" lever: does ONNX Runtime create a session faster from a model saved in its
 * own flatbuffer format (graph optimizations already applied) than from the bundle's model.onnx?
 * Bare ONNX Runtime, one load per fresh JVM, so the figure is a cold start's session creation.
 *
 * <pre>
 * ORT=~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.23.2/onnxruntime-1.23.2.jar
 * java -cp $ORT src/bench/probes/OrtFormatProbe.java write models/review-sentiment/model.onnx target/ort/model.ort extended
 * java -cp $ORT src/bench/probes/OrtFormatProbe.java load models/review-sentiment/model.onnx all     # one fresh JVM per run
 * java -cp $ORT src/bench/probes/OrtFormatProbe.java load target/ort/model.ort none
 * java -cp $ORT src/bench/probes/OrtFormatProbe.java compare models/review-sentiment/model.onnx target/ort/model.ort
 * </pre>
 * (src/bench/ort-format-probe.sh runs the interleaved rounds.)
 */
public final class OrtFormatProbe {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "write" -> write(Path.of(args[1]), Path.of(args[2]), level(args[3]));
            case "load" -> load(Path.of(args[1]), level(args[2]));
            case "compare" -> compare(Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("write | load | compare");
        }
    }

    private static OptLevel level(String name) {
        return switch (name) {
            case "none" -> OptLevel.NO_OPT;
            case "basic" -> OptLevel.BASIC_OPT;
            case "extended" -> OptLevel.EXTENDED_OPT;
            case "all" -> OptLevel.ALL_OPT;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static void write(Path model, Path out, OptLevel level) throws Exception {
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(level);
            options.setOptimizedModelFilePath(out.toString());
            options.addConfigEntry("session.save_model_format", "ORT");
            OrtEnvironment.getEnvironment().createSession(model.toString(), options).close();
        }
        System.out.printf("%s (%d bytes) -> %s (%d bytes), optimizations %s%n", model, Files.size(model), out, Files.size(out), level);
    }

    private static void load(Path model, OptLevel level) throws Exception {
        long start = System.nanoTime();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long environment = System.nanoTime();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(level);
            options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            // -Dort.config=k=v,k=v: session configuration entries to try (e.g. session.use_ort_model_bytes_directly=1).
            for (String entry : System.getProperty("ort.config", "").split(",")) {
                if (!entry.isBlank()) {
                    options.addConfigEntry(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
                }
            }
            long session = System.nanoTime();
            try (OrtSession s = env.createSession(model.toString(), options)) {
                long created = System.nanoTime();
                run(env, s);
                long inferred = System.nanoTime();
                System.out.printf("%s %s: environment %d ms, session %d ms, first inference %d ms%n", model.getFileName(), level,
                        (environment - start) / 1_000_000, (created - session) / 1_000_000, (inferred - created) / 1_000_000);
            }
        }
    }

    /** The same made-up input through both: the largest difference of any output value. */
    private static void compare(Path a, Path b) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession sa = env.createSession(a.toString(), new OrtSession.SessionOptions());
                OrtSession sb = env.createSession(b.toString(), new OrtSession.SessionOptions())) {
            float[] oa = run(env, sa);
            float[] ob = run(env, sb);
            double max = 0;
            for (int i = 0; i < oa.length; i++) {
                max = Math.max(max, Math.abs(oa[i] - ob[i]));
            }
            System.out.printf("outputs: %s vs %s, max |difference| %.3g%n", Arrays.toString(Arrays.copyOf(oa, Math.min(4, oa.length))),
                    Arrays.toString(Arrays.copyOf(ob, Math.min(4, ob.length))), max);
        }
    }

    /** One 24-token input ([CLS] … [SEP], ids from the bert-base-chinese vocabulary) through every int64 input. */
    private static float[] run(OrtEnvironment env, OrtSession session) throws Exception {
        long[] ids = {101, 2791, 7313, 3737, 1112, 8024, 3302, 1218, 4178, 2658, 8024, 3193, 7623, 4500, 2168, 8024,
                7478, 2382, 4007, 2692, 8013, 2769, 6820, 102};
        long[] ones = new long[ids.length];
        Arrays.fill(ones, 1);
        Map<String, OnnxTensor> inputs = new HashMap<>();
        for (String name : session.getInputNames()) {
            long[] values = name.contains("input_ids") ? ids : name.contains("token_type") ? new long[ids.length] : ones;
            inputs.put(name, OnnxTensor.createTensor(env, new long[][] {values}));
        }
        try (OrtSession.Result result = session.run(inputs)) {
            Object value = result.get(0).getValue();
            inputs.values().forEach(OnnxTensor::close);
            return flatten(value);
        }
    }

    private static float[] flatten(Object value) {
        if (value instanceof float[] f) {
            return f;
        } else if (value instanceof Object[] nested) {
            float[][] parts = new float[nested.length][];
            int total = 0;
            for (int i = 0; i < nested.length; i++) {
                parts[i] = flatten(nested[i]);
                total += parts[i].length;
            }
            float[] all = new float[total];
            int at = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            return all;
        }
        throw new IllegalArgumentException(value.getClass().toString());
    }
}
