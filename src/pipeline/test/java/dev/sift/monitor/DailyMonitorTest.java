package dev.sift.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.feedback.S3MockServer;
import dev.sift.model.TestBundles;
import dev.sift.pipeline.PromoteBundle;
import dev.sift.pipeline.RegistryOnS3Mock;
import dev.sift.registry.RegistrySettings;
import dev.sift.registry.S3RegistryReader;
import dev.sift.s3.S3Uri;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The daily monitor as AWS runs it, on a real S3-compatible server (s3mock on loopback): the
 * champion's reference comes from the S3 registry (registered with the bundle), the report goes to
 * S3, and the figures come out as EMF lines.
 */
@ExtendWith(RegistryOnS3Mock.class)
class DailyMonitorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] HOTEL = {"房间很干净", "服务非常热情", "早餐丰富", "位置方便", "隔音太差", "前台态度差"};
    /** 02:30 UTC on 2 December: the scheduled run reads 1 December. */
    private static final Clock SCHEDULE = Clock.fixed(Instant.parse("2026-12-02T02:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;
    private String registry;
    private S3Uri reports;
    private final List<String> metrics = new ArrayList<>();

    @BeforeEach
    void setUp() {
        registry = "s3://" + S3MockServer.BUCKET + "/registry-" + UUID.randomUUID();
        reports = S3Uri.parse("s3://" + S3MockServer.BUCKET + "/monitoring-" + UUID.randomUUID(), "reports");
    }

    private Path texts(String name, int rows) throws IOException {
        StringBuilder csv = new StringBuilder("label,text\n");
        for (int i = 0; i < rows; i++) {
            csv.append("x,").append(HOTEL[i % HOTEL.length]).append(HOTEL[(i * 7 + 3) % HOTEL.length]).append('\n');
        }
        return Files.writeString(temp.resolve(name), csv, StandardCharsets.UTF_8);
    }

    /** Promotes the tiny bundle as the S3 registry's champion, with a monitoring reference or without. */
    private void champion(boolean withReference) throws IOException {
        Path bundle = TestBundles.copy(TestBundles.TINY, temp.resolve("bundle"));
        if (withReference) {
            RecordReference.record(bundle, texts("val.csv", 200));
        }
        Path test = Files.writeString(temp.resolve("test.csv"), "label,text\npositive,很好\nnegative,很差\n");
        assertTrue(PromoteBundle.promote(registry, bundle, test, Map.of(), 0.005).promoted());
    }

    private DailyMonitor monitor() {
        return new DailyMonitor(new DailyMonitor.Settings(S3Uri.parse(registry, "registry"), "file:" + temp.resolve("log"),
                reports, 1, RegistrySettings.read().connection(), temp.resolve("work")), SCHEDULE, metrics::add);
    }

    @Test
    void yesterdaysWindowIsComparedWithTheChampionsReferenceAndReportedInS3AndAsMetrics() throws Exception {
        champion(true);
        assertEquals(0, new picocli.CommandLine(new LogPredictions.Cli()).execute(temp.resolve("bundle").toString(),
                texts("day.csv", 120).toString(), "file:" + temp.resolve("log"), "--day", "2026-12-01"));
        assertEquals(0, new picocli.CommandLine(new LogPredictions.Cli()).execute(temp.resolve("bundle").toString(),
                texts("other-day.csv", 30).toString(), "file:" + temp.resolve("log"), "--day", "2026-11-30"));

        Map<String, Object> answer = monitor().run(null, null);

        assertEquals("2026-12-01", answer.get("since"));
        assertEquals("2026-12-01", answer.get("until"));
        assertEquals("tiny-classifier@0.0.1", answer.get("model"));
        assertTrue(answer.get("drift") instanceof Boolean, answer.toString());
        assertEquals(reports + "2026-12-01/monitor.json", answer.get("report"));
        try (S3Client s3 = RegistrySettings.read().connection().client()) {
            JsonNode report = JSON.readTree(S3RegistryReader.get(s3, reports, "2026-12-01/monitor.json").orElseThrow());
            assertEquals(120, report.path("window").path("records").asInt(), "only 1 December's predictions");
            assertEquals(answer.get("drift"), report.path("drift").asBoolean());
            assertTrue(S3RegistryReader.get(s3, reports, "2026-12-01/report.html").isPresent());
        }

        assertEquals(1, metrics.size(), metrics.toString());
        JsonNode line = JSON.readTree(metrics.get(0));
        assertEquals("[[],[\"Model\"]]", line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        assertEquals("tiny-classifier@0.0.1", line.path("Model").asText());
        assertEquals(Boolean.TRUE.equals(answer.get("drift")) ? 1 : 0, line.path("Drift").asInt());
        assertEquals(120, line.path("WindowPredictions").asInt());
        for (String metric : List.of("DriftScore", "DriftThreshold", "LabelPsi", "EstimatedAccuracy", "AbstentionRate")) {
            assertTrue(line.path(metric).isNumber(), metric + " in " + line);
        }
    }

    @Test
    void anEmptyWindowSaysSoAndPublishesOnlyItsSize() throws Exception {
        champion(true);

        Map<String, Object> answer = monitor().run(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-02"));

        assertNull(answer.get("drift"));
        assertTrue(answer.get("summary").toString().startsWith("no predictions in"), answer.toString());
        JsonNode line = JSON.readTree(metrics.get(0));
        assertEquals(0, line.path("WindowPredictions").asInt());
        assertFalse(line.has("Drift"), line.toString());
    }

    @Test
    void aChampionWithoutAReferenceIsAnErrorThatSaysHowToGetOne() throws Exception {
        champion(false);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> monitor().run(null, null));
        assertTrue(e.getMessage().contains("has no monitoring-reference.jsonl"), e.getMessage());
        assertTrue(metrics.isEmpty());
    }

    @Test
    void aMissingSettingIsNamedWithItsVariable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DailyMonitor.Settings.of(dev.sift.config.SiftConfigReader.read()));
        assertTrue(e.getMessage().matches("SIFT_\\w+ is not set \\(sift\\.[a-z.-]+\\)"), e.getMessage());
    }
}
