package dev.sift.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private long now;

    @Test
    void shouldShowRateAndEta_fromTheWholeRunSoFar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar("embedding", 1000, "texts", new PrintStream(bytes, true,
                StandardCharsets.UTF_8), () -> now);
        now = 2_000_000_000L; // 2 s after the start: 250 texts at 125/s leave 750 texts, 6 s
        bar.advance(250);
        assertEquals("embedding [######------------------] 250/1,000 texts  125/s  ETA 6s", bar.line(now));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("\rembedding [######"));
    }

    @Test
    void shouldFormatLongDurations() {
        assertEquals("4m02s", ProgressBar.duration(242));
        assertEquals("1h05m", ProgressBar.duration(3900));
    }
}
