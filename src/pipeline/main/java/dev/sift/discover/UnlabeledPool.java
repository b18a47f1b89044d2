package dev.sift.discover;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The unlabeled texts that teach a few-shot head ({@code make fewshot POOL=...}): one column of a
 * CSV, blank and repeated rows counted once, the examples themselves left out (they are taught by
 * their own labels), and at most {@code limit} of them, a seeded sample, so that a pool the size
 * of discover's input (62,774 reviews) costs minutes, not an hour.
 *
 * @param texts     the texts used, in file order
 * @param distinct  distinct non-blank texts in the file
 * @param examples  of those, texts that are also examples, left out
 */
record UnlabeledPool(Path file, List<String> texts, int distinct, int examples, int blankRows, int duplicateRows) {
    static final long SEED = 12;

    static UnlabeledPool read(Path file, String column, int limit, Set<String> exampleTexts) {
        TextColumn read = TextColumn.read(file, column, null);
        List<String> candidates = new ArrayList<>();
        for (String text : read.texts()) {
            if (!exampleTexts.contains(text)) {
                candidates.add(text);
            }
        }
        if (candidates.isEmpty()) {
            throw new BadInputException(file + ": column '" + column + "' has no text that is not already an example");
        }
        List<String> used = candidates;
        if (candidates.size() > limit) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(SEED));
            List<Integer> kept = new ArrayList<>(order.subList(0, limit));
            Collections.sort(kept);
            used = kept.stream().map(candidates::get).toList();
        }
        return new UnlabeledPool(file, List.copyOf(used), read.texts().size(), read.texts().size() - candidates.size(),
                read.blankRows(), read.duplicateRows());
    }

    String describe() {
        return String.format("%s: %,d texts used of %,d distinct (%d of them examples, left out; %d blank rows skipped, "
                + "%d repeated rows counted once)%s", file, texts.size(), distinct, examples, blankRows, duplicateRows,
                texts.size() < distinct - examples ? "; a seeded sample" : "");
    }
}
