package dev.sift.packaging;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A/B cold start of two builds of the direct zip (say, before and after a change), through the
 * runtime interface client as {@link LambdaColdStart} runs one: process spawn → first classify
 * answer, the variants interleaved round by round so machine drift hits all alike; medians.
 * A third variant runs B with extra JVM options, to attribute a difference to one setting. With
 * {@code -Dab.warm-invocations=N} also times N warm invocations after each cold answer. With
 * {@code -Dab.api-gateway-event=<http-api-v2.json>} the zips are API Gateway zips, sent a classify
 * request in that payload 2.0 event (as ColdStartCompare sends one).
 * Usage: {@code ZipColdStartAB <zip A> <zip B> <work dir> <rounds> ["<JVM options for B'>"]} (src/bench/coldstart-ab.sh).
 */
public final class ZipColdStartAB {
    private ZipColdStartAB() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[2]).toAbsolutePath();
        int rounds = Integer.parseInt(args[3]);
        Map<String, Path> tasks = Map.of("A", ManagedJavaRuntime.unpack(Path.of(args[0]), work.resolve("a")),
                "B", ManagedJavaRuntime.unpack(Path.of(args[1]), work.resolve("b")));
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("A", List.of());
        options.put("B", List.of());
        if (args.length > 4 && !args[4].isBlank()) {
            options.put("B'", List.of(args[4].split(" ")));
        }
        String apiGatewayFixture = System.getProperty("ab.api-gateway-event");
        String handler = apiGatewayFixture == null ? ManagedJavaRuntime.DIRECT_HANDLER : ManagedJavaRuntime.HTTP_HANDLER;
        String event = apiGatewayFixture == null ? LambdaColdStart.EVENT : ColdStartCompare.apiGatewayEvent(Path.of(apiGatewayFixture));
        // -Dab.warm-invocations=N: after the cold answer, N more of the same event, each timed from sending it to its
        // answer (the mock Runtime API's round trip included), so a change that cuts the cold start is also checked
        // for what it does to every later request.
        int warm = Integer.getInteger("ab.warm-invocations", 0);
        Map<String, List<Long>> millis = new LinkedHashMap<>();
        Map<String, List<Double>> warmMillis = new LinkedHashMap<>();
        options.keySet().forEach(v -> millis.put(v, new ArrayList<>()));
        options.keySet().forEach(v -> warmMillis.put(v, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, List<String>> variant : options.entrySet()) {
                Path task = tasks.get(variant.getKey().substring(0, 1));
                try (ManagedJavaRuntime runtime = new ManagedJavaRuntime(work.resolve("function.log"))) {
                    runtime.spawn(task, handler, Map.of("QUARKUS_FUNQY_EXPORT", "classify",
                            "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"), variant.getValue());
                    HttpResponse<String> answer = runtime.invoke(event);
                    long elapsed = runtime.millisSinceSpawn();
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException(variant.getKey() + " answered " + answer.statusCode() + ": " + answer.body());
                    }
                    millis.get(variant.getKey()).add(elapsed);
                    for (int i = 0; i < warm; i++) {
                        long start = System.nanoTime();
                        runtime.invoke(event);
                        warmMillis.get(variant.getKey()).add((System.nanoTime() - start) / 1e6);
                    }
                }
            }
        }
        System.out.printf("%s zip cold start, spawn -> first classify answer, %d rounds interleaved%n",
                apiGatewayFixture == null ? "direct" : "API Gateway", rounds);
        System.out.printf("A  = %s%nB  = %s%n", args[0], args[1]);
        if (options.containsKey("B'")) {
            System.out.printf("B' = B with %s%n", options.get("B'"));
        }
        for (Map.Entry<String, List<Long>> variant : millis.entrySet()) {
            List<Long> sorted = new ArrayList<>(variant.getValue());
            Collections.sort(sorted);
            System.out.printf("%-2s median %5d ms  %s%n", variant.getKey(), sorted.get(sorted.size() / 2), variant.getValue());
        }
        if (warm > 0) {
            System.out.printf("warm invocations after each cold start (%d per start, all rounds pooled), round trip:%n", warm);
            for (Map.Entry<String, List<Double>> variant : warmMillis.entrySet()) {
                List<Double> sorted = new ArrayList<>(variant.getValue());
                Collections.sort(sorted);
                System.out.printf("%-2s p50 %6.2f ms  p90 %6.2f ms  (%d invocations)%n", variant.getKey(),
                        sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 9 / 10), sorted.size());
            }
        }
    }
}
