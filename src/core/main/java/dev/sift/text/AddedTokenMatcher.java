package dev.sift.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds added tokens in a run of code points, leftmost match first and the longest match at that
 * position, like the reference's Aho-Corasick matcher, then applies the single-word and strip
 * rules of each token.
 *
 * <p>Candidates are indexed by their first code point; a text without any such code point (most
 * reviews contain no {@code [}) is passed through after one array lookup per character.
 */
final class AddedTokenMatcher {

    private static final int ASCII = 128;
    private static final int FIRST_HASH_SIZE = 4096;

    private final int[][] patterns;
    private final AddedToken[] tokens;
    // Token indexes by first code point, longest pattern first, so the first hit is the longest.
    private final int[][] asciiCandidates = new int[ASCII][];
    private final Map<Integer, int[]> otherCandidates = new HashMap<>();
    // Cheap pre-filter for non-ASCII first code points, so ordinary CJK text never boxes an Integer.
    private final boolean[] otherFirstHash = new boolean[FIRST_HASH_SIZE];

    /**
     * @param tokens the tokens to match
     * @param patternOf the code points each token is matched as (its content, or its normalized content)
     */
    AddedTokenMatcher(List<AddedToken> tokens, Function<AddedToken, int[]> patternOf) {
        List<AddedToken> kept = new ArrayList<>();
        List<int[]> keptPatterns = new ArrayList<>();
        for (AddedToken token : tokens) {
            int[] pattern = patternOf.apply(token);
            if (pattern.length > 0) {
                kept.add(token);
                keptPatterns.add(pattern);
            }
        }
        this.tokens = kept.toArray(new AddedToken[0]);
        this.patterns = keptPatterns.toArray(new int[0][]);
        Map<Integer, List<Integer>> byFirst = new HashMap<>();
        for (int i = 0; i < patterns.length; i++) {
            byFirst.computeIfAbsent(patterns[i][0], k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Integer, List<Integer>> entry : byFirst.entrySet()) {
            int[] indexes = entry.getValue().stream()
                    .sorted((a, b) -> Integer.compare(patterns[b].length, patterns[a].length))
                    .mapToInt(Integer::intValue)
                    .toArray();
            int first = entry.getKey();
            if (first < ASCII) {
                asciiCandidates[first] = indexes;
            } else {
                otherCandidates.put(first, indexes);
                otherFirstHash[first & (FIRST_HASH_SIZE - 1)] = true;
            }
        }
    }

    boolean isEmpty() {
        return patterns.length == 0;
    }

    /**
     * Splits {@code codePoints[from, to)} into runs and appends them to {@code runs} as
     * {@code start, end, id} triples; {@code id} is -1 for text between added tokens.
     */
    void split(int[] codePoints, int from, int to, IntList runs) {
        int runStart = from;
        int position = from;
        while (position < to) {
            int tokenIndex = longestMatchAt(codePoints, position, to);
            if (tokenIndex < 0) {
                position++;
                continue;
            }
            AddedToken token = tokens[tokenIndex];
            int start = position;
            int stop = position + patterns[tokenIndex].length;
            // The reference resumes its search after the raw match, even when the match is discarded.
            position = stop;
            if (token.singleWord()) {
                boolean wordBefore = start > from && UnicodeCategories.isWordCharacter(codePoints[start - 1]);
                boolean wordAfter = stop < to && UnicodeCategories.isWordCharacter(codePoints[stop]);
                if (wordBefore || wordAfter) {
                    continue;
                }
            }
            if (token.leftStrip()) {
                while (start > from && UnicodeCategories.isWhitespace(codePoints[start - 1])) {
                    start--;
                }
                start = Math.max(start, runStart);
            }
            if (token.rightStrip()) {
                while (stop < to && UnicodeCategories.isWhitespace(codePoints[stop])) {
                    stop++;
                }
            }
            if (runStart < start) {
                addRun(runs, runStart, start, -1);
            }
            addRun(runs, start, stop, token.id());
            runStart = stop;
            position = Math.max(position, stop);
        }
        if (runStart < to) {
            addRun(runs, runStart, to, -1);
        }
    }

    private int longestMatchAt(int[] codePoints, int position, int to) {
        int first = codePoints[position];
        int[] candidates;
        if (first < ASCII) {
            candidates = asciiCandidates[first];
        } else if (otherFirstHash[first & (FIRST_HASH_SIZE - 1)]) {
            candidates = otherCandidates.get(first);
        } else {
            return -1;
        }
        if (candidates == null) {
            return -1;
        }
        for (int index : candidates) {
            int[] pattern = patterns[index];
            if (pattern.length <= to - position
                    && Arrays.equals(pattern, 0, pattern.length, codePoints, position, position + pattern.length)) {
                return index;
            }
        }
        return -1;
    }

    private static void addRun(IntList runs, int start, int end, int id) {
        runs.add(start);
        runs.add(end);
        runs.add(id);
    }
}
