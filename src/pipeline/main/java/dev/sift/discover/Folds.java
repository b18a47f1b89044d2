package dev.sift.discover;

/** Stratified fold numbers: each label's examples dealt round-robin over the folds, in input order. */
final class Folds {
    private Folds() {
    }

    static int[] stratified(int[] y, int labels, int folds) {
        int[] next = new int[labels];
        int[] fold = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            fold[i] = next[y[i]]++ % folds;
        }
        return fold;
    }

    static float[][] select(float[][] x, int[] fold, int f, boolean in) {
        return java.util.stream.IntStream.range(0, x.length).filter(i -> (fold[i] == f) == in)
                .mapToObj(i -> x[i]).toArray(float[][]::new);
    }

    static int[] select(int[] y, int[] fold, int f, boolean in) {
        return java.util.stream.IntStream.range(0, y.length).filter(i -> (fold[i] == f) == in)
                .map(i -> y[i]).toArray();
    }
}
