package dev.sift.discover;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A few-shot head taught by unlabeled texts (the user's pool: discover's input, say). Two views
 * learn from the examples: the head {@link FewShotTrainer} fits on the encoder's vectors, and
 * char 1–3-gram TF-IDF with logistic regression. Their averaged probabilities label <em>every</em>
 * pool text, after each text's averaged probabilities are mixed half and half with the mean of its
 * {@value #NEIGHBOURS} nearest pool texts' (cosine of the vectors), and the served head, a logistic
 * regression on the vectors, is fitted on the examples plus those labels. The bundle stays an
 * embedding bundle; the bag of words only teaches it.
 *
 * <p>Why all of the pool: labelling only each class's most confident texts (self-training) drifted
 * toward the encoder's own topics and lost 2 to 5 points, while fitting on the whole pool's labels
 * smooths both views' errors and gained 1.2 (htl) and 3.2 (shopping10) points at 16 examples per
 * label, never losing at 4 to 32 ({@code src/bench/results/discover/fewshot-probes.md}). Why the
 * neighbours: a text's label is more often its neighbourhood's than either view's alone says; in
 * the probe the mixing added 1.9 (htl) and 0.2 (shopping10) points at 16 per label and never lost.
 * With these views, on the few-shot curve's draws: 79.2 → 80.4 (htl) and 77.4 → 78.1 (shopping10).
 */
final class PoolTeaching {
    /** scikit-learn's C for the two fits, as probed: the bag of words on its few rows, the head on thousands. */
    static final double BAG_OF_WORDS_C = 10;
    static final double HEAD_C = 1;
    static final int FOLDS = 4;
    static final int NEIGHBOURS = 10;

    /**
     * @param fitted         the served head (a regression), with the held-out estimate of the whole procedure
     * @param pseudoLabels   the label each pool text was taught as
     * @param viewsAgreement share of the pool on which the two views' answers agreed
     */
    record Result(FewShotTrainer.Fitted fitted, int[] pseudoLabels, double viewsAgreement) {
        /** How many pool texts were taught as each label. */
        int[] taughtPerLabel(int labels) {
            int[] count = new int[labels];
            for (int l : pseudoLabels) {
                count[l]++;
            }
            return count;
        }
    }

    private PoolTeaching() {
    }

    /** Fits the served head and estimates its accuracy by stratified cross-validation of the whole procedure. */
    static Result fit(List<String> texts, float[][] x, int[] y, int labels, List<String> poolTexts, float[][] poolX,
            ProgressBar neighbourProgress) {
        NearestNeighbours neighbours = neighbours(poolX, neighbourProgress);
        Taught taught = teach(texts, x, y, labels, poolTexts, poolX, neighbours);
        int fewest = fewestPerLabel(y, labels);
        int folds = Math.min(FOLDS, fewest);
        double heldOut = Double.NaN;
        String method = "none: a label has a single example";
        if (folds >= 2) {
            int[] fold = Folds.stratified(y, labels, folds);
            int correct = 0;
            for (int f = 0; f < folds; f++) {
                int test = f;
                List<String> trainTexts = new ArrayList<>();
                for (int i = 0; i < texts.size(); i++) {
                    if (fold[i] != test) {
                        trainTexts.add(texts.get(i));
                    }
                }
                Taught t = teach(trainTexts, Folds.select(x, fold, test, false), Folds.select(y, fold, test, false),
                        labels, poolTexts, poolX, neighbours);
                for (int i = 0; i < x.length; i++) {
                    correct += fold[i] == test && t.head.predict(x[i]) == y[i] ? 1 : 0;
                }
            }
            heldOut = (double) correct / x.length;
            method = folds + "-fold stratified cross-validation of the examples, the pool taught anew in each fold";
        }
        return new Result(new FewShotTrainer.Fitted(null, taught.head, taught.lambda, heldOut, method),
                taught.pseudoLabels, taught.viewsAgreement);
    }

    /** The served head and how it was taught, without a held-out estimate. */
    record Taught(SoftmaxRegression.Head head, double lambda, int[] pseudoLabels, double viewsAgreement) {
    }

    /** Each pool text's nearest pool texts (null for a pool of one text), searched once for every fit. */
    static NearestNeighbours neighbours(float[][] poolX, ProgressBar progress) {
        if (poolX.length < 2) {
            return null;
        }
        int[] all = IntStream.range(0, poolX.length).toArray();
        return NearestNeighbours.search(Embeddings.of(poolX), all, all, NEIGHBOURS,
                Runtime.getRuntime().availableProcessors(), progress);
    }

    static Taught teach(List<String> texts, float[][] x, int[] y, int labels, List<String> poolTexts, float[][] poolX,
            NearestNeighbours neighbours) {
        // the head make fewshot builds from the examples alone (prototypes below 8 per label): as a
        // view it beat a fixed-penalty regression on htl (79.2% against 77.8% at 16 per label, 5 draws)
        FewShotTrainer.Fitted embeddingView = FewShotTrainer.fit(x, y, labels, fewestPerLabel(y, labels),
                FewShotTrainer.HeadChoice.AUTO);
        CharNgramTfIdf tfidf = CharNgramTfIdf.fit(texts);
        CharNgramTfIdf.Row[] rows = texts.stream().map(tfidf::transform).toArray(CharNgramTfIdf.Row[]::new);
        SparseSoftmaxRegression.Head bagOfWords = SparseSoftmaxRegression.fit(rows, y, labels, tfidf.features(),
                BAG_OF_WORDS_C);
        double[][] averaged = new double[poolX.length][labels];
        int agree = 0;
        for (int i = 0; i < poolX.length; i++) {
            double[] fromVectors = embeddingView.probabilities(poolX[i]);
            double[] fromWords = bagOfWords.probabilities(tfidf.transform(poolTexts.get(i)));
            for (int l = 0; l < labels; l++) {
                averaged[i][l] = (fromVectors[l] + fromWords[l]) / 2;
            }
            agree += SoftmaxRegression.argmax(fromVectors) == SoftmaxRegression.argmax(fromWords) ? 1 : 0;
        }
        int[] pseudo = new int[poolX.length];
        for (int i = 0; i < poolX.length; i++) {
            double[] mixed = averaged[i].clone();
            if (neighbours != null) {
                for (int j = 0; j < neighbours.count(); j++) {
                    double[] near = averaged[neighbours.position(i, j)];
                    for (int l = 0; l < labels; l++) {
                        mixed[l] += near[l] / neighbours.count();
                    }
                }
            }
            pseudo[i] = SoftmaxRegression.argmax(mixed);
        }
        float[][] all = new float[x.length + poolX.length][];
        int[] allY = new int[all.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(poolX, 0, all, x.length, poolX.length);
        System.arraycopy(y, 0, allY, 0, y.length);
        System.arraycopy(pseudo, 0, allY, y.length, pseudo.length);
        double lambda = SoftmaxRegression.lambdaForC(all, HEAD_C);
        return new Taught(SoftmaxRegression.fit(all, allY, labels, lambda), lambda, pseudo,
                poolX.length == 0 ? Double.NaN : (double) agree / poolX.length);
    }

    static int fewestPerLabel(int[] y, int labels) {
        int[] count = new int[labels];
        for (int label : y) {
            count[label]++;
        }
        int fewest = Integer.MAX_VALUE;
        for (int c : count) {
            fewest = Math.min(fewest, c);
        }
        return fewest;
    }
}
