package dev.sift.packaging;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold start of the direct-invocation zip as the managed Java runtime runs it: process spawn →
 * first classify answer through the runtime interface client behind a mock Runtime API (the
 * event is queued before the JVM starts, as Lambda's first invocation is). Median of RUNS for
 * each variant, interleaved so machine drift hits all alike:
 * <ul>
 * <li>plain: Java 17, with infra's JAVA_TOOL_OPTIONS (C1 only);</li>
 * <li>appcds: the same plus an AppCDS archive made by a training run (-XX:ArchiveClassesAtExit);</li>
 * <li>aot: JDK 25 with an AOT cache made by a training run (-XX:AOTCacheOutput, JEP 483/514);</li>
 * <li>preopt: plain, serving a bundle whose model was optimized once in advance
 * (PreOptimizedModelBench) with ONNX Runtime's optimizations off, when {@code [preoptimized bundle]} is given.</li>
 * </ul>
 * Usage: {@code LambdaColdStart <zip> <work dir> <runs> [java25 [preoptimized bundle]]} (src/bench/lambda-coldstart.sh).
 */
public final class LambdaColdStart {
    static final String EVENT = "{\"texts\": [\"房间很干净，服务也热情，就是早餐品种少了点，总体满意。\"]}";
    private static final String C1_ONLY = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    private static final Pattern LOAD = Pattern.compile("read\\+verify (\\d+) ms, session\\+labels (\\d+) ms");

    private LambdaColdStart() {
    }

    public static void main(String[] args) throws Exception {
        Path zip = Path.of(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        int runs = Integer.parseInt(args[2]);
        Path java17 = Path.of(System.getProperty("java.home"), "bin", "java");
        Path java25 = args.length > 3 ? Path.of(args[3]) : null;
        Path preoptimized = args.length > 4 ? Path.of(args[4]).toAbsolutePath() : null;
        Files.createDirectories(work);
        Path task = ManagedJavaRuntime.unpack(zip, work.resolve("task"));

        Path jsa = work.resolve("app.jsa");
        Path aot = work.resolve("app.aot");
        Files.deleteIfExists(jsa);
        Files.deleteIfExists(aot);
        train(java17, task, work, C1_ONLY + " -XX:ArchiveClassesAtExit=" + jsa + " -Xlog:cds=off");
        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("plain", new Variant(java17, C1_ONLY, Map.of()));
        if (Files.isRegularFile(jsa)) {
            variants.put("appcds", new Variant(java17, C1_ONLY + " -XX:SharedArchiveFile=" + jsa + " -Xlog:cds=off", Map.of()));
        }
        if (java25 != null && Files.isExecutable(java25)) {
            train(java25, task, work, C1_ONLY + " -XX:AOTCacheOutput=" + aot);
            if (Files.isRegularFile(aot)) {
                variants.put("aot", new Variant(java25, C1_ONLY + " -XX:AOTCache=" + aot, Map.of()));
            }
        }
        if (preoptimized != null && Files.isRegularFile(preoptimized.resolve("manifest.json"))) {
            variants.put("preopt", new Variant(java17, C1_ONLY, Map.of("SIFT_MODEL_BUNDLE", preoptimized.toString(),
                    "SIFT_INFERENCE_OPTIMIZATION_LEVEL", "none")));
        }

        for (int run = 0; run < runs; run++) {
            for (Variant variant : variants.values()) {
                variant.measure(task, work);
            }
        }
        System.out.printf("cold start of %s (%.1f MB): process spawn -> first classify answer through the AWS runtime "
                + "interface client behind MockEventServer; %d runs each, %d cores, %s%n", zip, Files.size(zip) / 1e6,
                runs, Runtime.getRuntime().availableProcessors(), java.time.LocalDate.now());
        variants.forEach((name, v) -> System.out.printf("%-7s median %5d ms   runs: %s   ORT session+labels median %d ms "
                + "(read+verify %d ms)   JAVA_TOOL_OPTIONS=%s %s%n", name, ColdStartCompare.median(v.totals), v.totals, ColdStartCompare.median(v.sessions),
                ColdStartCompare.median(v.reads), v.options, v.extra));
    }

    /** A training run: start, answer real requests of each shape, end with SIGTERM so the JVM writes its archive. */
    private static void train(Path java, Path task, Path work, String options) throws Exception {
        try (ManagedJavaRuntime runtime = new ManagedJavaRuntime(work.resolve("train.log"))) {
            runtime.spawn(java, task, ManagedJavaRuntime.DIRECT_HANDLER, environment(options, Map.of()), List.of());
            for (int i = 0; i < 10; i++) {
                check(runtime.invoke(EVENT), runtime);
                check(runtime.invoke("{\"texts\": [\"好\", \"差\"], \"topK\": 1}"), runtime);
                check(runtime.invoke("{\"texts\": []}"), runtime);
            }
        }
    }

    private static Map<String, String> environment(String options, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(extra);
        env.put("QUARKUS_FUNQY_EXPORT", "classify");
        env.put("JAVA_TOOL_OPTIONS", options);
        return env;
    }

    private static void check(HttpResponse<String> response, ManagedJavaRuntime runtime) throws Exception {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body() + "\n" + runtime.log());
        }
    }

    private static final class Variant {
        final Path java;
        final String options;
        final Map<String, String> extra;
        final List<Long> totals = new ArrayList<>();
        final List<Long> sessions = new ArrayList<>();
        final List<Long> reads = new ArrayList<>();

        Variant(Path java, String options, Map<String, String> extra) {
            this.java = java;
            this.options = options;
            this.extra = extra;
        }

        void measure(Path task, Path work) throws Exception {
            try (ManagedJavaRuntime runtime = new ManagedJavaRuntime(work.resolve("run.log"))) {
                runtime.spawn(java, task, ManagedJavaRuntime.DIRECT_HANDLER, environment(options, extra), List.of());
                HttpResponse<String> answer = runtime.invoke(EVENT);
                long millis = runtime.millisSinceSpawn();
                check(answer, runtime);
                totals.add(millis);
                Matcher load = LOAD.matcher(runtime.log());
                if (load.find()) {
                    reads.add(Long.parseLong(load.group(1)));
                    sessions.add(Long.parseLong(load.group(2)));
                }
            }
        }
    }
}
