package dev.sift.packaging;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a benchmark's measured processes on fewer cores than the machine has: with
 * {@code SIFT_BENCH_CPUS=N} (make coldstart-compare CPUS=N), a command is prefixed with
 * {@code taskset -c} and the machine's last N CPUs, and the harness itself runs on the others
 * (coldstart-compare.sh). Lambda gives a 2,048 MB function about 1.2 vCPU, so a start on one core
 * is nearer to it than one on two; {@code taskset} shows the process one CPU, where Lambda shows
 * two and throttles them, so it is a stand-in, not the same thing.
 */
final class CpuPin {
    static final String VARIABLE = "SIFT_BENCH_CPUS";

    private CpuPin() {
    }

    /** {@code command}, prefixed with {@code taskset -c <cpus>} when {@link #VARIABLE} asks for it. */
    static List<String> apply(List<String> command) {
        String cpus = cpus();
        if (cpus == null) {
            return command;
        }
        List<String> pinned = new ArrayList<>(List.of("taskset", "-c", cpus));
        pinned.addAll(command);
        return pinned;
    }

    /** The CPUs the measured processes get ("1" for one of two), or null to leave them unpinned. */
    static String cpus() {
        String wanted = System.getenv(VARIABLE);
        if (wanted == null || wanted.isBlank()) {
            return null;
        }
        int count = Integer.parseInt(wanted.trim());
        int machine = Runtime.getRuntime().availableProcessors();
        // availableProcessors is this harness's own affinity when the script pinned it: count the machine's.
        machine = Math.max(machine, Integer.parseInt(System.getenv().getOrDefault("SIFT_BENCH_MACHINE_CPUS", "0")));
        if (count < 1 || count > machine) {
            throw new IllegalArgumentException(VARIABLE + "=" + wanted + ": between 1 and the machine's " + machine + " CPUs");
        }
        return count == 1 ? String.valueOf(machine - 1) : (machine - count) + "-" + (machine - 1);
    }
}
