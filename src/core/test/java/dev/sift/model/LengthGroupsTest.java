package dev.sift.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LengthGroupsTest {
    @Test
    void everyTextRunsOnceAndNoRunPadsMoreThanAllowed() {
        Random random = new Random(3);
        int[] lengths = random.ints(200, 5, 257).toArray();
        List<List<Integer>> runs = LengthGroups.of(lengths, 32, 1.25);
        List<Integer> seen = new ArrayList<>();
        for (List<Integer> run : runs) {
            assertTrue(run.size() <= 32, "run of " + run.size());
            int longest = run.stream().mapToInt(i -> lengths[i]).max().orElseThrow();
            long real = run.stream().mapToLong(i -> lengths[i]).sum();
            assertTrue(run.size() == 1 || (long) run.size() * longest <= 1.25 * real, run.toString());
            seen.addAll(run);
        }
        assertEquals(200, seen.size());
        assertEquals(200, seen.stream().distinct().count());
    }

    @Test
    void equalLengthsFillRunsUpToTheCap() {
        int[] lengths = new int[70];
        java.util.Arrays.fill(lengths, 40);
        List<List<Integer>> runs = LengthGroups.of(lengths, 32, 1.25);
        assertEquals(List.of(32, 32, 6), runs.stream().map(List::size).toList());
    }

    @Test
    void aVeryLongTextGetsARunOfItsOwn() {
        List<List<Integer>> runs = LengthGroups.of(new int[] {10, 12, 11, 250}, 32, 1.25);
        assertEquals(List.of(List.of(0, 2, 1), List.of(3)), runs);
    }
}
