package dev.sift.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProcessAgeTest {
    private static final String STAT = "4242 (java) S 1 4242 4242 0 -1 4194560 31337 0 0 0 120 30 0 0 20 0 19 0 "
            + "1087354 5000000000 60000 18446744073709551615 1 1 0 0 0 0 0 4096 17358 0 0 0 17 1 0 0 0 0 0";

    @Test
    void uptimeMinusTheStartTicks() {
        // started 1,087,354 ticks = 10,873.54 s after boot; uptime 10,875.91 s
        assertEquals(OptionalLong.of(2_370), ProcessAge.millis("10875.91 21000.12\n", STAT));
    }

    @Test
    void aCommandNameWithSpacesAndParentheses() {
        assertEquals(OptionalLong.of(2_370), ProcessAge.millis("10875.91 1.0", STAT.replace("(java)", "(my (odd) app)")));
    }

    @Test
    void nothingFromWhatIsNotProc() {
        assertTrue(ProcessAge.millis("", STAT).isEmpty());
        assertTrue(ProcessAge.millis("10875.91 1.0", "4242 java S 1").isEmpty());
        assertTrue(ProcessAge.millis("10875.91 1.0", "4242 (java) S 1 2 3").isEmpty());
        assertTrue(ProcessAge.millis("10.00 1.0", STAT).isEmpty(), "a start after now");
    }

    @Test
    void agreesWithTheJvmsOwnStartTimeOnLinux() {
        OptionalLong age = ProcessAge.millis();
        Assumptions.assumeTrue(age.isPresent(), "no /proc here");
        // The JVM records its start in ms when it begins (RuntimeMXBean); the process existed a few ms before that.
        long jvmAge = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        assertTrue(Math.abs(age.getAsLong() - jvmAge) < 300, "/proc says " + age.getAsLong() + " ms, the JVM " + jvmAge + " ms");
    }
}
