package dev.sift.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sift.model.TestBundles;

/**
 * make monitor end to end on the tiny bundle and texts written here: a reference recorded from
 * hotel-like reviews; windows of other hotel-like reviews read "no drift", a window of English
 * product reviews reads "drift", a half-and-half mix lies between; an empty window and a corrupt
 * line are reported, not hidden.
 */
class MonitorTest {
    private static final String[] HOTEL = {"房间很干净", "服务非常热情", "早餐丰富", "位置方便", "隔音太差", "前台态度差",
        "酒店设施陈旧", "床很舒服", "性价比很高", "下次还来住"};
    private static final String[] ENGLISH = {"battery died fast", "the screen cracked", "fast shipping", "great price",
        "works as described", "broke after a week", "would buy again", "the charger is missing"};

    @TempDir
    Path temp;
    private Path bundle;

    @BeforeEach
    void recordTheReference() throws IOException {
        bundle = TestBundles.copy(TestBundles.TINY, temp.resolve("bundle"));
        assertEquals(400, RecordReference.record(bundle, csv("reference.csv", HOTEL, 400, 1)));
    }

    private Path csv(String name, String[] phrases, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder("label,text\n");
        for (int i = 0; i < rows; i++) {
            StringBuilder text = new StringBuilder();
            for (int p = 1 + random.nextInt(3); p > 0; p--) {
                text.append(phrases[random.nextInt(phrases.length)]).append(phrases == ENGLISH ? ". " : "，");
            }
            out.append("x,\"").append(text).append("\"\n");
        }
        return Files.writeString(temp.resolve(name), out, StandardCharsets.UTF_8);
    }

    private void log(Path data, String day) {
        assertEquals(0, new picocli.CommandLine(new LogPredictions.Cli()).execute(bundle.toString(), data.toString(),
                "file:" + temp.resolve("log"), "--day", day));
    }

    private Map<String, Object> monitor(String since, String until) throws IOException {
        return Monitor.run("file:" + temp.resolve("log"), temp.resolve("out-" + since), bundle,
                since == null ? null : LocalDate.parse(since), until == null ? null : LocalDate.parse(until), null);
    }

    @SuppressWarnings("unchecked")
    private static double measure(Map<String, Object> report, String name) {
        return ((Number) ((Map<String, Object>) report.get("measures")).get(name)).doubleValue();
    }

    @Test
    void inDomainWindowsReadNoDriftAnotherDomainReadsDriftAndAMixLiesBetween() throws IOException {
        log(csv("day1.csv", HOTEL, 150, 11), "2026-12-01");
        log(csv("day2.csv", HOTEL, 150, 12), "2026-12-02");
        log(csv("day3.csv", ENGLISH, 150, 13), "2026-12-03");
        Path mix = temp.resolve("mix.csv");
        List<String> hotel = Files.readAllLines(csv("mix-hotel.csv", HOTEL, 75, 14));
        List<String> english = Files.readAllLines(csv("mix-english.csv", ENGLISH, 75, 15));
        Files.write(mix, Stream.concat(hotel.stream(), english.stream().skip(1)).toList());
        log(mix, "2026-12-04");

        Map<String, Object> day1 = monitor("2026-12-01", "2026-12-01");
        Map<String, Object> day2 = monitor("2026-12-02", "2026-12-02");
        Map<String, Object> english3 = monitor("2026-12-03", "2026-12-03");
        Map<String, Object> mixed = monitor("2026-12-04", "2026-12-04");
        assertEquals(false, day1.get("drift"), String.valueOf(day1.get("reasons")));
        assertEquals(false, day2.get("drift"), String.valueOf(day2.get("reasons")));
        assertEquals(true, english3.get("drift"));
        assertTrue(String.valueOf(english3.get("reasons")).contains("character sketch moved"), english3.toString());
        double d1 = measure(day1, "sketchDistance");
        double dMix = measure(mixed, "sketchDistance");
        double dEnglish = measure(english3, "sketchDistance");
        assertTrue(d1 < dMix && dMix < dEnglish, d1 + " < " + dMix + " < " + dEnglish);

        Map<String, Object> all = monitor(null, null);
        assertEquals(4, ((List<?>) all.get("daily")).size(), "one point per day");
        String html = Files.readString(temp.resolve("out-null").resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("2026-12-01 to 2026-12-04"), "time-series plots");
        assertTrue(Files.readString(temp.resolve("out-null").resolve("monitor.json")).contains("\"drift\" : true"));
    }

    @Test
    void anEmptyWindowSaysSoAndACorruptLineIsSkippedAndCounted() throws IOException {
        log(csv("day1.csv", HOTEL, 50, 21), "2026-12-01");
        Map<String, Object> empty = monitor("2026-11-01", "2026-11-30");
        assertNull(empty.get("drift"));
        assertEquals(true, empty.get("empty"));
        assertTrue(String.valueOf(empty.get("summary")).startsWith("no predictions in file:"), empty.toString());

        Path partition = temp.resolve("log").resolve("dt=2026-12-01");
        Files.writeString(partition.resolve("120000.000-corrupt.jsonl"), "{\"not\": \"a record\"}\nnot json\n");
        Map<String, Object> report = monitor("2026-12-01", "2026-12-01");
        assertEquals(2, report.get("skippedLines"));
        assertEquals(50, ((Map<?, ?>) report.get("window")).get("records"));
        assertThrows(IllegalArgumentException.class, () -> monitor("2026-12-02", "2026-12-01"));
    }
}
