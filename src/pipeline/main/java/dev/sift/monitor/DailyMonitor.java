package dev.sift.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.config.SiftConfig;
import dev.sift.metrics.EmfLine;
import dev.sift.model.Directories;
import dev.sift.registry.RegistrySettings;
import dev.sift.registry.S3RegistryReader;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * {@code make monitor} as the scheduled function on AWS runs it (infra: the daily monitor): the
 * prediction log of the last {@code sift.monitor.window-days} days, ending yesterday (UTC), against
 * the registry champion's {@code monitoring-reference.jsonl}. Writes
 * {@code <sift.monitor.reports>/<until>/monitor.json} (and {@code report.html}) and prints the
 * figures as CloudWatch EMF lines, namespace {@code sift}, without dimensions and by {@code Model}
 * ({@code name@version}): {@code Drift} (1 or 0), {@code DriftScore} (sketch distance),
 * {@code DriftThreshold}, {@code LabelPsi}, {@code EstimatedAccuracy}, {@code AbstentionRate},
 * {@code WindowPredictions}. An empty window publishes {@code WindowPredictions = 0} and nothing else.
 * A report for a day already reported is replaced: a re-run reads the same log, maybe more of it.
 */
public final class DailyMonitor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<List<String>> DIMENSIONS = List.of(List.of(), List.of("Model"));

    /** Where everything is: the registry, the prediction log, where reports go, how S3 is reached. */
    public record Settings(S3Uri registry, String predictions, S3Uri reports, int windowDays, S3Connection s3, Path work) {
        public static Settings of(SiftConfig config) {
            RegistrySettings registry = RegistrySettings.of(config.registry());
            if (config.monitor().windowDays() < 1) {
                throw new IllegalArgumentException("sift.monitor.window-days must be at least 1, got " + config.monitor().windowDays());
            }
            return new Settings(
                    S3Uri.parse(required(config.pipeline().modelRegistry(), "sift.pipeline.model-registry"), "sift.pipeline.model-registry"),
                    required(config.predictions().store(), "sift.predictions.store"),
                    S3Uri.parse(required(config.monitor().reports(), "sift.monitor.reports"), "sift.monitor.reports"),
                    config.monitor().windowDays(), registry.connection(),
                    Path.of(System.getProperty("java.io.tmpdir"), "sift-monitor"));
        }

        private static String required(java.util.Optional<String> value, String key) {
            return value.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalStateException(
                    key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_") + " is not set (" + key + ")"));
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Consumer<String> metrics;

    /** @param metrics where the EMF lines go ({@code System.out::println} on Lambda) */
    public DailyMonitor(Settings settings, Clock clock, Consumer<String> metrics) {
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Compares the window {@code [since, until]}; either null takes the default window, ending yesterday. */
    public Map<String, Object> run(LocalDate since, LocalDate until) throws IOException {
        LocalDate last = until != null ? until : LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
        LocalDate first = since != null ? since : last.minusDays(settings.windowDays() - 1L);
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("'until' " + last + " is before 'since' " + first);
        }
        Path work = Files.createDirectories(settings.work());
        Path bundle = Files.createTempDirectory(work, "reference");
        Path out = Files.createTempDirectory(work, "report");
        try (S3Client s3 = settings.s3().client(Duration.ofMinutes(2))) {
            JsonNode champion = JSON.readTree(S3RegistryReader.get(s3, settings.registry(), "champion.json").orElseThrow(
                    () -> new IllegalStateException("model registry " + settings.registry() + " has no champion.json: nothing to monitor yet")));
            String model = champion.path("name").asText() + "@" + champion.path("version").asText();
            String referenceKey = "bundles/" + champion.path("name").asText() + "/" + champion.path("version").asText() + "/"
                    + MonitorReference.FILE;
            byte[] reference = S3RegistryReader.get(s3, settings.registry(), referenceKey).orElseThrow(
                    () -> new IllegalStateException("the champion " + model + " has no " + MonitorReference.FILE + " in "
                            + settings.registry() + ": retrain (the evaluate step records it), or record it with make "
                            + "monitor-reference and register the bundle again"));
            Files.write(bundle.resolve(MonitorReference.FILE), reference);

            Map<String, Object> report = Monitor.run(settings.predictions(), out, bundle, first, last,
                    settings.s3().endpoint().orElse(null));
            String prefix = last + "/";
            put(s3, prefix + "monitor.json", out.resolve("monitor.json"), "application/json");
            if (Files.exists(out.resolve("report.html"))) {
                put(s3, prefix + "report.html", out.resolve("report.html"), "text/html; charset=utf-8");
            }
            publish(model, report);

            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("drift", report.get("drift"));
            answer.put("model", model);
            answer.put("since", first.toString());
            answer.put("until", last.toString());
            answer.put("summary", report.get("summary"));
            answer.put("report", S3Uri.SCHEME + settings.reports().bucket() + "/" + settings.reports().key(prefix + "monitor.json"));
            return answer;
        } finally {
            Directories.deleteTree(bundle);
            Directories.deleteTree(out);
        }
    }

    private void put(S3Client s3, String relativeKey, Path file, String contentType) throws IOException {
        s3.putObject(PutObjectRequest.builder().bucket(settings.reports().bucket()).key(settings.reports().key(relativeKey))
                .contentType(contentType).build(), RequestBody.fromFile(file));
    }

    @SuppressWarnings("unchecked")
    private void publish(String model, Map<String, Object> report) {
        EmfLine line = new EmfLine("sift", clock.millis(), DIMENSIONS).field("Model", model);
        if (Boolean.TRUE.equals(report.get("empty"))) {
            metrics.accept(line.metric("WindowPredictions", "Count", 0).json());
            return;
        }
        Map<String, Object> measures = (Map<String, Object>) report.get("measures");
        Map<String, Object> window = (Map<String, Object>) report.get("window");
        metrics.accept(line
                .metric("Drift", "None", Boolean.TRUE.equals(report.get("drift")) ? 1 : 0)
                .metric("DriftScore", "None", number(measures, "sketchDistance"))
                .metric("DriftThreshold", "None", number(measures, "sketchDistanceThreshold"))
                .metric("LabelPsi", "None", number(measures, "labelPsi"))
                .metric("EstimatedAccuracy", "None", number(measures, "estimatedAccuracy"))
                .metric("AbstentionRate", "None", number(measures, "abstentionRate"))
                .metric("WindowPredictions", "Count", number(window, "records"))
                .json());
    }

    private static double number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }
}
