package dev.sift.discover;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;

import dev.sift.model.BatchMode;
import dev.sift.model.InferenceSettings;
import dev.sift.model.ModelBundle;
import dev.sift.model.SentenceEmbedder;
import dev.sift.model.TextClassifier;
import dev.sift.pipeline.LabeledCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code make fewshot}: a servable bundle from a label set with a few examples per label. */
@Command(name = "fewshot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Builds a servable embedding bundle from labels.json ({\"labels\": [{\"name\", \"description\", "
                + "\"examples\": [...]}]}) and optionally a labelled CSV.",
            "Fewer than 8 examples for some label: one prototype per label, scale and bias by leave-one-out. "
                + "8 or more for every label: logistic regression on the frozen sentence vectors.",
            "With --pool (unlabeled texts of the same kind): the examples' head and a char 1-3-gram TF-IDF "
                + "regression, averaged and mixed with the text's 10 nearest pool texts', label every pool text, and "
                + "a logistic regression on the vectors is fitted on the examples plus those labels.",
            "Serve it with SIFT_MODEL_BUNDLE=OUT make run."})
public final class FewShotCommand implements Callable<Integer> {
    @Option(names = "--labels", required = true, description = "labels.json")
    Path labels;

    @Option(names = "--data", description = "optional labelled CSV whose rows add examples to labels.json's labels")
    Path data;

    @Option(names = "--label-column", defaultValue = "label", description = "its label column (default: ${DEFAULT-VALUE})")
    String labelColumn;

    @Option(names = "--text-column", defaultValue = "text", description = "its text column (default: ${DEFAULT-VALUE})")
    String textColumn;

    @Option(names = "--pool", description = "optional CSV of unlabeled texts (e.g. discover's input) that teach the head")
    Path pool;

    @Option(names = "--pool-column", defaultValue = "text", description = "its text column (default: ${DEFAULT-VALUE})")
    String poolColumn;

    @Option(names = "--pool-limit", defaultValue = "10000",
            description = "pool texts used at most, a seeded sample of them beyond it (default: ${DEFAULT-VALUE})")
    int poolLimit;

    @Option(names = "--write-taught", description = "with --pool: also write the examples and the pool texts with the "
            + "labels they were taught as (label,text), to review or to fine-tune on (make train)")
    Path writeTaught;

    @Option(names = "--out", required = true, description = "bundle directory to write")
    Path out;

    @Option(names = "--name", defaultValue = "fewshot", description = "bundle name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--bundle-version", defaultValue = "1.0.0", description = "bundle version (default: ${DEFAULT-VALUE})")
    String version;

    @Option(names = "--head", defaultValue = "auto",
            description = "auto, prototypes or regression (default: ${DEFAULT-VALUE}: regression from 8 examples per label)")
    String head;

    @Option(names = "--encoder", defaultValue = "target/bge-small-zh/bge-small-zh-v1.5-q.onnx",
            description = "encoder ONNX graph (default: ${DEFAULT-VALUE})")
    Path encoder;

    @Option(names = "--tokenizer", defaultValue = "target/bge-small-zh/bge-small-zh-v1.5-q-tokenizer.json",
            description = "its tokenizer.json (default: ${DEFAULT-VALUE})")
    Path tokenizer;

    @Option(names = "--max-tokens", defaultValue = "512", description = "tokens per text (default: ${DEFAULT-VALUE})")
    int maxTokens;

    public static void main(String[] args) {
        System.exit(CommandLines.run(new FewShotCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        FewShotTrainer.HeadChoice choice = switch (head) {
            case "auto" -> FewShotTrainer.HeadChoice.AUTO;
            case "prototypes" -> FewShotTrainer.HeadChoice.PROTOTYPES;
            case "regression" -> FewShotTrainer.HeadChoice.REGRESSION;
            default -> throw new BadInputException("--head must be auto, prototypes or regression, got '" + head + "'");
        };
        if (maxTokens < 3 || maxTokens > 512) {
            throw new BadInputException("--max-tokens must be in [3, 512], got " + maxTokens);
        }
        if (pool != null && choice == FewShotTrainer.HeadChoice.PROTOTYPES) {
            throw new BadInputException("--pool teaches a logistic regression head; it cannot be used with --head prototypes");
        }
        if (pool == null && writeTaught != null) {
            throw new BadInputException("--write-taught writes the labels a pool was taught; give --pool too");
        }
        if (pool != null && poolLimit < 1) {
            throw new BadInputException("--pool-limit must be at least 1, got " + poolLimit);
        }
        FewShotExamples examples = FewShotExamples.of(LabelSet.read(labels), data, labelColumn, textColumn);
        System.err.printf("%d labels, %d examples (fewest per label: %d; %d repeated examples counted once, "
                + "%d blank rows skipped)%n", examples.labels().size(), examples.texts().size(),
                examples.fewestPerLabel(), examples.duplicates(), examples.blankRows());
        UnlabeledPool unlabeled = pool == null ? null
                : UnlabeledPool.read(pool, poolColumn, poolLimit, new HashSet<>(examples.texts()));
        if (unlabeled != null) {
            System.err.println("pool: " + unlabeled.describe());
        }
        float[][] x;
        float[][] poolX = null;
        // One text per run, as the served bundle embeds: the head is fitted on the vectors it will see.
        try (SentenceEmbedder embedder = SentenceEmbedder.open(encoder, tokenizer, maxTokens, BatchMode.PER_ITEM,
                InferenceSettings.defaults())) {
            x = Embeddings.of(examples.texts(), embedder,
                    new ProgressBar("embedding", examples.texts().size(), "examples", System.err)).rows();
            if (unlabeled != null) {
                poolX = Embeddings.of(unlabeled.texts(), embedder,
                        new ProgressBar("embedding pool", unlabeled.texts().size(), "texts", System.err)).rows();
            }
        }
        FewShotTrainer.Fitted fitted;
        PoolTeaching.Result taught = null;
        if (unlabeled == null) {
            fitted = FewShotTrainer.fit(x, examples.label(), examples.labels().size(), examples.fewestPerLabel(), choice);
        } else {
            taught = PoolTeaching.fit(examples.texts(), x, examples.label(), examples.labels().size(),
                    unlabeled.texts(), poolX, new ProgressBar("pool neighbours", poolX.length, "texts", System.err));
            fitted = taught.fitted();
            if (writeTaught != null) {
                writeTaught(examples, unlabeled, taught);
            }
            System.err.printf("pool taught: the two views agree on %.1f%% of it; labels taught %s%n",
                    100 * taught.viewsAgreement(), taughtCounts(examples.labels(),
                            taught.taughtPerLabel(examples.labels().size())));
        }
        FewShotBundle.write(examples, fitted, unlabeled, taught, name, version, maxTokens, encoder, tokenizer, out);
        System.err.printf("head: %s; %s (%s)%n",
                fitted.prototypes() != null ? "prototypes, scale " + fitted.prototypes().scale()
                        : "logistic regression, L2 " + fitted.lambda(),
                Double.isNaN(fitted.heldOutAccuracy()) ? "no held-out accuracy"
                        : String.format("held-out accuracy %.1f%%", 100 * fitted.heldOutAccuracy()),
                fitted.heldOutMethod());
        System.err.println("check: served " + servedAgreement(examples, fitted, x));
        System.out.println("bundle written to " + out + "; serve it with SIFT_MODEL_BUNDLE=" + out.toAbsolutePath()
                + " make run");
        return 0;
    }

    private void writeTaught(FewShotExamples examples, UnlabeledPool unlabeled, PoolTeaching.Result taught)
            throws IOException {
        List<LabeledCsv.Row> rows = new ArrayList<>();
        for (int i = 0; i < examples.texts().size(); i++) {
            rows.add(new LabeledCsv.Row(examples.labels().get(examples.label()[i]), examples.texts().get(i)));
        }
        for (int i = 0; i < unlabeled.texts().size(); i++) {
            rows.add(new LabeledCsv.Row(examples.labels().get(taught.pseudoLabels()[i]), unlabeled.texts().get(i)));
        }
        LabeledCsv.write(writeTaught, rows);
        System.err.printf("%,d examples and %,d taught pool texts written to %s%n", examples.texts().size(),
                unlabeled.texts().size(), writeTaught);
    }

    static String taughtCounts(List<String> labels, int[] count) {
        StringBuilder text = new StringBuilder();
        for (int l = 0; l < count.length; l++) {
            text.append(l == 0 ? "" : ", ").append(labels.get(l)).append(' ').append(count[l]);
        }
        return text.toString();
    }

    /** Loads the written bundle with the serving code and compares its answers with the fitted head's. */
    private String servedAgreement(FewShotExamples examples, FewShotTrainer.Fitted fitted, float[][] x) {
        try (TextClassifier served = TextClassifier.load(ModelBundle.load(out.toString()), InferenceSettings.defaults())) {
            List<String> texts = examples.texts();
            int agree = 0;
            int correct = 0;
            for (int from = 0; from < texts.size(); from += 64) {
                List<String> batch = texts.subList(from, Math.min(texts.size(), from + 64));
                double[][] p = served.probabilities(batch);
                for (int j = 0; j < p.length; j++) {
                    int predicted = SoftmaxRegression.argmax(p[j]);
                    agree += predicted == fitted.predict(x[from + j]) ? 1 : 0;
                    correct += predicted == examples.label()[from + j] ? 1 : 0;
                }
            }
            return String.format("bundle agrees with the fitted head on %d of %d examples; %d of them labelled as given",
                    agree, texts.size(), correct);
        }
    }
}
