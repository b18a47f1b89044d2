package dev.sift.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How long this process has existed, to 10 ms, from two clocks that count from the same boot:
 * {@code /proc/uptime} (seconds since boot, in hundredths) and the process's start in
 * {@code /proc/self/stat} (field 22, clock ticks since boot). {@code ProcessHandle.info().startInstant()}
 * is no use for a cold-start breakdown: the JDK adds those ticks to the boot time from
 * {@code /proc/stat}'s {@code btime}, which is whole seconds, so its "JVM start" is off by up to a
 * second, by the same amount for every process of one boot (on this VM the breakdown once said
 * 1,416 ms from JVM start to main in a start that took 2,192 ms in all).
 */
final class ProcessAge {
    /** USER_HZ: the unit of /proc's tick counts, 100 on every Linux architecture sift runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessAge() {
    }

    /** This process's age now in ms, or empty where /proc is not Linux's. */
    static OptionalLong millis() {
        try {
            return millis(Files.readString(Path.of("/proc/uptime")), Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong millis(String uptime, String stat) {
        String[] up = uptime.trim().split("\\s+");
        // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
        int afterName = stat.lastIndexOf(')');
        if (up.length < 1 || afterName < 0) {
            return OptionalLong.empty();
        }
        String[] fields = stat.substring(afterName + 1).trim().split("\\s+");
        int startTime = 22 - 3; // fields after the name start at field 3
        if (fields.length <= startTime) {
            return OptionalLong.empty();
        }
        try {
            long uptimeMillis = Math.round(Double.parseDouble(up[0]) * 1000);
            long startMillis = Long.parseLong(fields[startTime]) * 1000 / TICKS_PER_SECOND;
            return uptimeMillis >= startMillis ? OptionalLong.of(uptimeMillis - startMillis) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
