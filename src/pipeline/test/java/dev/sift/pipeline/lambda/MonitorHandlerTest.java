package dev.sift.pipeline.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The daily monitor's handler as the runtime calls it: a bad event or a missing setting is a
 * function error with its reason (infra alarms on the function's errors). DailyMonitorTest runs
 * the work itself on s3mock.
 */
class MonitorHandlerTest {
    private final List<String> metrics = new ArrayList<>();
    private final MonitorHandler handler = new MonitorHandler(Clock.systemUTC(), metrics::add);
    private final ByteArrayOutputStream answer = new ByteArrayOutputStream();

    @Test
    void aDateThatIsNoDateIsAnErrorNamingTheField() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> handler.runDailyMonitor(event("{\"since\": \"yesterday\"}"), answer));
        assertEquals("'since' must be a date (yyyy-mm-dd), got \"yesterday\"", e.getMessage());
        assertEquals(0, answer.size());
    }

    @Test
    void anEventThatIsNotAnObjectIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> handler.runDailyMonitor(event("[]"), answer));
        assertEquals("the event must be a JSON object", e.getMessage());
    }

    @Test
    void theScheduledEventWithoutSettingsNamesWhatIsMissing() {
        var e = assertThrows(IllegalStateException.class,
                () -> handler.runDailyMonitor(event("{\"trigger\": \"schedule\"}"), answer));
        assertTrue(e.getMessage().endsWith("is not set (sift.pipeline.model-registry)"), e.getMessage());
        assertTrue(metrics.isEmpty());
    }

    private static ByteArrayInputStream event(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
