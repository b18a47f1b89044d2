package dev.sift.discover;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sift.model.BatchMode;
import dev.sift.model.InferenceSettings;
import dev.sift.model.SentenceEmbedder;
import dev.sift.pipeline.LabeledCsv;

/**
 * The few-shot learning curve (README, *Day 0*): for each draw, n labelled examples per label
 * from a canonical train split (n = 4, 8, 16, 32, 64; nested: a draw's 8 contain its 4), the head
 * {@code make fewshot} would build, and the prototype head at every n, scored on the canonical
 * test split; plus the zero-shot prototypes. The texts are embedded one per run as the served
 * bundle does, so the accuracy is the served one. Each draw's examples are written as CSV for the
 * TF-IDF baseline on the same examples ({@code src/bench/fewshot_tfidf.py}). With a pool limit,
 * also the head {@code make fewshot POOL=...} builds ({@link PoolTeaching}) with the train split's
 * texts, labels unused, as the pool: a seeded sample of at most that many, less each draw's examples.
 *
 * <p>{@code FewShotCurve <data-dir> <out-dir> [draws] [zero-shot spec: a bundle.json with prototypes, or "names"]
 * [pool limit, 0 for none]}
 */
public final class FewShotCurve {
    static final int[] SIZES = {4, 8, 16, 32, 64};

    private FewShotCurve() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int draws = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String zeroShot = args.length > 3 ? args[3] : "names";
        int poolLimit = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Files.createDirectories(out.resolve("draws"));
        List<LabeledCsv.Row> train = LabeledCsv.read(data.resolve("train.csv"), "label", "text");
        List<LabeledCsv.Row> test = LabeledCsv.read(data.resolve("test.csv"), "label", "text");
        List<String> labels = new ArrayList<>(new LinkedHashSet<>(train.stream().map(LabeledCsv.Row::label).toList()));
        Collections.sort(labels);
        Map<String, List<String>> byLabel = new LinkedHashMap<>();
        labels.forEach(l -> byLabel.put(l, new ArrayList<>()));
        train.forEach(r -> byLabel.get(r.label()).add(r.text()));
        int maxSize = SIZES[SIZES.length - 1];
        // draws[d][l] = the first 64 of label l's train texts in draw d's seeded order
        List<List<List<String>>> drawn = new ArrayList<>();
        LinkedHashSet<String> needed = new LinkedHashSet<>();
        for (int d = 0; d < draws; d++) {
            List<List<String>> perLabel = new ArrayList<>();
            for (String l : labels) {
                List<String> shuffled = new ArrayList<>(byLabel.get(l));
                Collections.shuffle(shuffled, new Random(1000 + d));
                perLabel.add(shuffled.subList(0, Math.min(maxSize, shuffled.size())));
                needed.addAll(perLabel.get(perLabel.size() - 1));
            }
            drawn.add(perLabel);
        }
        Map<String, List<String>> zeroShotExamples = zeroShotExamples(zeroShot, labels);
        zeroShotExamples.values().forEach(needed::addAll);
        List<String> poolTexts = new ArrayList<>();
        if (poolLimit > 0) {
            List<String> all = new ArrayList<>(new LinkedHashSet<>(train.stream().map(LabeledCsv.Row::text).toList()));
            Collections.shuffle(all, new Random(UnlabeledPool.SEED));
            poolTexts = all.subList(0, Math.min(poolLimit, all.size()));
            needed.addAll(poolTexts);
        }
        List<String> neededList = new ArrayList<>(needed);
        Map<String, float[]> vector = new LinkedHashMap<>();
        float[][] testX;
        try (SentenceEmbedder embedder = SentenceEmbedder.open(Path.of("target/bge-small-zh/bge-small-zh-v1.5-q.onnx"),
                Path.of("target/bge-small-zh/bge-small-zh-v1.5-q-tokenizer.json"), 512, BatchMode.PER_ITEM,
                InferenceSettings.defaults())) {
            Embeddings examples = Embeddings.of(neededList, embedder,
                    new ProgressBar("embedding train draws", neededList.size(), "texts", System.err));
            for (int i = 0; i < neededList.size(); i++) {
                vector.put(neededList.get(i), examples.row(i));
            }
            List<String> testTexts = test.stream().map(LabeledCsv.Row::text).toList();
            Embeddings t = Embeddings.of(testTexts, embedder,
                    new ProgressBar("embedding test", testTexts.size(), "texts", System.err));
            testX = new float[t.size()][];
            for (int i = 0; i < testX.length; i++) {
                testX[i] = t.row(i);
            }
        }
        int[] testY = test.stream().mapToInt(r -> labels.indexOf(r.label())).toArray();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode result = json.createObjectNode();
        result.put("data", data.toString()).put("test", test.size()).put("draws", draws);
        if (!poolTexts.isEmpty()) {
            result.put("poolTexts", poolTexts.size()).put("poolNote", "fewshotPool: make fewshot POOL=train texts "
                    + "(labels unused; a seeded sample, less each draw's examples); see PoolTeaching. "
                    + "fewshotPoolWithoutNeighbours: the same without the neighbour mixing");
        }
        labels.forEach(result.putArray("labels")::add);
        // zero-shot: the given prototypes and biases (label names: no bias)
        {
            List<float[]> xs = new ArrayList<>();
            List<Integer> ys = new ArrayList<>();
            for (int l = 0; l < labels.size(); l++) {
                for (String text : zeroShotExamples.get(labels.get(l))) {
                    xs.add(vector.get(text));
                    ys.add(l);
                }
            }
            float[][] x = xs.toArray(float[][]::new);
            PrototypeCalibration.Result p = PrototypeCalibration.fit(x, ys.stream().mapToInt(Integer::intValue).toArray(),
                    labels.size());
            PrototypeCalibration.Result given = new PrototypeCalibration.Result(p.prototypes(), p.scale(),
                    zeroShotBias(zeroShot, labels), 0, Double.NaN, Double.NaN);
            result.putObject("zeroShot").put("examples", zeroShot).put("accuracy", accuracy(given::predict, testX, testY));
        }
        ObjectNode curve = result.putObject("curve");
        for (int size : SIZES) {
            ObjectNode atSize = curve.putObject(String.valueOf(size));
            List<Double> auto = new ArrayList<>();
            List<Double> prototypes = new ArrayList<>();
            List<Double> pooled = new ArrayList<>();
            List<Double> pooledAlone = new ArrayList<>();
            List<String> heads = new ArrayList<>();
            for (int d = 0; d < draws; d++) {
                List<LabeledCsv.Row> rows = new ArrayList<>();
                List<float[]> xs = new ArrayList<>();
                List<Integer> ys = new ArrayList<>();
                for (int l = 0; l < labels.size(); l++) {
                    List<String> texts = drawn.get(d).get(l);
                    for (String text : texts.subList(0, Math.min(size, texts.size()))) {
                        rows.add(new LabeledCsv.Row(labels.get(l), text));
                        xs.add(vector.get(text));
                        ys.add(l);
                    }
                }
                LabeledCsv.write(out.resolve("draws").resolve(size + "-" + d + ".csv"), rows);
                float[][] x = xs.toArray(float[][]::new);
                int[] y = ys.stream().mapToInt(Integer::intValue).toArray();
                FewShotTrainer.Fitted fitted = FewShotTrainer.fit(x, y, labels.size(), size, FewShotTrainer.HeadChoice.AUTO);
                heads.add(fitted.prototypes() != null ? "prototypes" : "regression (L2 " + fitted.lambda() + ")");
                auto.add(accuracy(fitted::predict, testX, testY));
                PrototypeCalibration.Result p = fitted.prototypes() != null ? fitted.prototypes()
                        : PrototypeCalibration.fit(x, y, labels.size());
                prototypes.add(accuracy(p::predict, testX, testY));
                if (!poolTexts.isEmpty()) {
                    Set<String> examples = new HashSet<>();
                    rows.forEach(r -> examples.add(r.text()));
                    List<String> pool = poolTexts.stream().filter(t -> !examples.contains(t)).toList();
                    float[][] poolX = pool.stream().map(vector::get).toArray(float[][]::new);
                    List<String> texts = rows.stream().map(LabeledCsv.Row::text).toList();
                    PoolTeaching.Taught taught = PoolTeaching.teach(texts, x, y, labels.size(), pool, poolX,
                            PoolTeaching.neighbours(poolX, new ProgressBar("pool neighbours", poolX.length, "texts",
                                    new PrintStream(OutputStream.nullOutputStream()))));
                    pooled.add(accuracy(taught.head()::predict, testX, testY));
                    // the ablation: each pool text's labels without its neighbours'
                    PoolTeaching.Taught alone = PoolTeaching.teach(texts, x, y, labels.size(), pool, poolX, null);
                    pooledAlone.add(accuracy(alone.head()::predict, testX, testY));
                }
                System.err.printf(Locale.ROOT, "n=%d draw %d: %s %.4f, prototypes %.4f%s%n", size, d,
                        heads.get(heads.size() - 1), auto.get(auto.size() - 1), prototypes.get(prototypes.size() - 1),
                        pooled.isEmpty() ? "" : String.format(Locale.ROOT, ", taught by the pool %.4f (without "
                                + "neighbours %.4f)", pooled.get(pooled.size() - 1),
                                pooledAlone.get(pooledAlone.size() - 1)));
            }
            put(atSize.putObject("fewshot"), auto);
            atSize.putPOJO("fewshotHeads", heads);
            put(atSize.putObject("prototypes"), prototypes);
            if (!pooled.isEmpty()) {
                put(atSize.putObject("fewshotPool"), pooled);
                put(atSize.putObject("fewshotPoolWithoutNeighbours"), pooledAlone);
            }
        }
        json.writeValue(out.resolve("fewshot-curve.json").toFile(), result);
        System.out.println(json.writeValueAsString(result));
    }

    private static Map<String, List<String>> zeroShotExamples(String spec, List<String> labels) throws IOException {
        Map<String, List<String>> examples = new LinkedHashMap<>();
        if (spec.equals("names")) {
            labels.forEach(l -> examples.put(l, List.of(l)));
            return examples;
        }
        // a bundle.json with prototypes, and a mapping of its labels onto the data's: spec = file:0=negative,1=positive
        String[] parts = spec.split(":", 2);
        JsonNode prototypes = new ObjectMapper().readTree(Path.of(parts[0]).toFile()).get("prototypes");
        for (String pair : parts[1].split(",")) {
            String[] kv = pair.split("=", 2);
            List<String> texts = new ArrayList<>();
            prototypes.get(kv[1]).forEach(t -> texts.add(t.asText()));
            examples.put(kv[0], texts);
        }
        return examples;
    }

    /** The bias the zero-shot bundle.json gives each label (none for label names). */
    private static double[] zeroShotBias(String spec, List<String> labels) throws IOException {
        double[] bias = new double[labels.size()];
        if (!spec.equals("names")) {
            String[] parts = spec.split(":", 2);
            JsonNode given = new ObjectMapper().readTree(Path.of(parts[0]).toFile()).path("scoring").path("bias");
            for (String pair : parts[1].split(",")) {
                String[] kv = pair.split("=", 2);
                bias[labels.indexOf(kv[0])] = given.path(kv[1]).asDouble(0);
            }
        }
        return bias;
    }

    private interface Predictor {
        int predict(float[] x);
    }

    private static double accuracy(Predictor predictor, float[][] x, int[] y) {
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            correct += predictor.predict(x[i]) == y[i] ? 1 : 0;
        }
        return (double) correct / x.length;
    }

    private static void put(ObjectNode node, List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / Math.max(values.size() - 1, 1);
        node.put("mean", Math.round(mean * 10000) / 10000.0).put("sd", Math.round(Math.sqrt(var) * 10000) / 10000.0);
        node.putPOJO("draws", values.stream().map(v -> Math.round(v * 10000) / 10000.0).toList());
    }
}
