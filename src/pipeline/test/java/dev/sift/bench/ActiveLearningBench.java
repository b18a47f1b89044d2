package dev.sift.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.sift.discover.Embeddings;
import dev.sift.discover.ProgressBar;
import dev.sift.discover.SoftmaxRegression;
import dev.sift.model.BatchMode;
import dev.sift.model.InferenceSettings;
import dev.sift.model.SentenceEmbedder;
import dev.sift.pipeline.EvaluationReport;
import dev.sift.pipeline.LabeledCsv;
import dev.sift.review.ReviewQueue;
import dev.sift.text.TextSketch;

/**
 * The review queue against random labelling, simulated on htl (issue 14): start from 200 labelled
 * train rows, the rest of train is the unlabelled pool; 5 rounds of +200 labels chosen at random or
 * by {@link ReviewQueue}; after each round a softmax-regression head is fitted on the frozen
 * bge-small-zh sentence vectors of the labelled rows and scored on htl test. Mean of SEEDS runs.
 *
 * <pre>make bench-review-queue   (needs ../shared/data; writes target/active-learning/{curve.json,curve.svg})</pre>
 */
public final class ActiveLearningBench {
    static final int START = 200;
    static final int STEP = 200;
    static final int ROUNDS = 5;
    static final double LAMBDA = 0.01;

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/htl");
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<LabeledCsv.Row> train = LabeledCsv.read(data.resolve("train.csv"));
        List<LabeledCsv.Row> test = LabeledCsv.read(data.resolve("test.csv"));
        List<String> labels = train.stream().map(LabeledCsv.Row::label).distinct().sorted().toList();
        float[][] trainX;
        float[][] testX;
        try (SentenceEmbedder embedder = SentenceEmbedder.open(Path.of("target/bge-small-zh/bge-small-zh-v1.5-q.onnx"),
                Path.of("target/bge-small-zh/bge-small-zh-v1.5-q-tokenizer.json"), 256, BatchMode.PER_ITEM,
                InferenceSettings.defaults())) {
            trainX = rows(Embeddings.of(train.stream().map(LabeledCsv.Row::text).toList(), embedder,
                    new ProgressBar("embedding train", train.size(), "texts", System.err)));
            testX = rows(Embeddings.of(test.stream().map(LabeledCsv.Row::text).toList(), embedder,
                    new ProgressBar("embedding test", test.size(), "texts", System.err)));
        }
        int[] trainY = train.stream().mapToInt(r -> labels.indexOf(r.label())).toArray();
        int[] testY = test.stream().mapToInt(r -> labels.indexOf(r.label())).toArray();
        float[][] sketches = train.stream().map(r -> TextSketch.of(r.text())).toArray(float[][]::new);

        double[][] curves = new double[2][ROUNDS + 1];
        for (int seed = 1; seed <= seeds; seed++) {
            for (int strategy = 0; strategy < 2; strategy++) {
                Random random = new Random(seed);
                List<Integer> labelled = new ArrayList<>(ReviewQueue.random(train.size(), START, random));
                for (int round = 0; round <= ROUNDS; round++) {
                    SoftmaxRegression.Head head = fit(trainX, trainY, labelled, labels.size());
                    double accuracy = accuracy(head, testX, testY);
                    curves[strategy][round] += accuracy / seeds;
                    System.out.printf(Locale.ROOT, "seed %d %-6s %4d labels: test accuracy %.4f%n", seed,
                            strategy == 0 ? "random" : "queue", labelled.size(), accuracy);
                    if (round == ROUNDS) {
                        break;
                    }
                    List<Integer> pool = new ArrayList<>();
                    java.util.Set<Integer> taken = new java.util.HashSet<>(labelled);
                    for (int i = 0; i < train.size(); i++) {
                        if (!taken.contains(i)) {
                            pool.add(i);
                        }
                    }
                    List<Integer> picked;
                    if (strategy == 0) {
                        picked = ReviewQueue.random(pool.size(), STEP, random);
                    } else {
                        List<ReviewQueue.Candidate> candidates = new ArrayList<>(pool.size());
                        for (int i : pool) {
                            candidates.add(new ReviewQueue.Candidate(train.get(i).text(), probabilities(head, trainX[i]),
                                    sketches[i]));
                        }
                        picked = ReviewQueue.select(candidates, STEP);
                    }
                    for (int p : picked) {
                        labelled.add(pool.get(p));
                    }
                }
            }
        }
        write(curves, seeds);
    }

    private static float[][] rows(Embeddings e) {
        float[][] rows = new float[e.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = e.row(i);
        }
        return rows;
    }

    private static SoftmaxRegression.Head fit(float[][] x, int[] y, List<Integer> labelled, int labels) {
        float[][] lx = new float[labelled.size()][];
        int[] ly = new int[labelled.size()];
        for (int i = 0; i < lx.length; i++) {
            lx[i] = x[labelled.get(i)];
            ly[i] = y[labelled.get(i)];
        }
        return SoftmaxRegression.fit(lx, ly, labels, LAMBDA);
    }

    private static double[] probabilities(SoftmaxRegression.Head head, float[] x) {
        double[] z = head.logits(x);
        SoftmaxRegression.softmaxInPlace(z);
        return z;
    }

    private static double accuracy(SoftmaxRegression.Head head, float[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            right += head.predict(x[i]) == y[i] ? 1 : 0;
        }
        return (double) right / x.length;
    }

    private static void write(double[][] curves, int seeds) throws IOException {
        Path out = Files.createDirectories(Path.of("target/active-learning"));
        Map<String, Object> json = new LinkedHashMap<>();
        List<Integer> sizes = new ArrayList<>();
        for (int r = 0; r <= ROUNDS; r++) {
            sizes.add(START + r * STEP);
        }
        json.put("labels", sizes);
        json.put("random", curves[0]);
        json.put("queue", curves[1]);
        json.put("seeds", seeds);
        double target = curves[0][ROUNDS];
        Integer reached = null;
        for (int r = 0; r <= ROUNDS; r++) {
            if (curves[1][r] >= target) {
                reached = sizes.get(r);
                break;
            }
        }
        json.put("randomFinalAccuracy", target);
        json.put("queueLabelsToReachIt", reached);
        json.put("shareOfRandomsLabels", reached == null ? null : (double) reached / sizes.get(ROUNDS));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("curve.json").toFile(), json);
        double min = 1;
        double max = 0;
        for (double[] c : curves) {
            for (double v : c) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        EvaluationReport.Axes axes = new EvaluationReport.Axes(420, 220, START, START + ROUNDS * STEP,
                Math.floor(min * 50) / 50, Math.ceil(max * 50) / 50);
        StringBuilder svg = new StringBuilder(axes.open("labelled htl train rows", "test accuracy"));
        String[] colours = {"#999999", "#2c5fd6"};
        for (int s = 0; s < 2; s++) {
            StringBuilder points = new StringBuilder();
            for (int r = 0; r <= ROUNDS; r++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", axes.x(sizes.get(r)), axes.y(curves[s][r])));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colours[s]).append("\" points=\"")
                    .append(points).append("\"/>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text>",
                    axes.x(sizes.get(ROUNDS)) - 60, axes.y(curves[s][ROUNDS]) + (s == 0 ? 14 : -6), colours[s],
                    s == 0 ? "random" : "review queue"));
        }
        Files.writeString(out.resolve("curve.svg"), svg.append("</svg>").toString());
        System.out.println(new ObjectMapper().writeValueAsString(json));
    }
}
