package dev.sift.infra;

/**
 * Where sift keeps what in its three data buckets. The registry mirrors the local one of
 * {@code dev.sift.pipeline.ModelRegistry}; every IAM grant in the stacks is made per prefix
 * below, so a role sees only the prefixes its step needs.
 */
public final class BucketLayout {
    /** Model bucket: {@code bundles/<name>/<version>/…}, {@code champion.json}, {@code history.jsonl}. */
    public static final String REGISTRY = "registry/";
    public static final String REGISTRY_BUNDLES = REGISTRY + "bundles/";
    public static final String CHAMPION = REGISTRY + "champion.json";
    public static final String HISTORY = REGISTRY + "history.jsonl";
    /** Model bucket: base training/validation CSVs and the frozen test set promotion compares on. */
    public static final String DATASETS = "training/datasets/";
    /** Model bucket: one prefix per pipeline run with what the trainer reads (ids, init encoder). */
    public static final String RUNS = "training/runs/";
    /** Model bucket: what SageMaker uploads ({@code <job>/output/model.tar.gz}). */
    public static final String TRAINING_OUTPUT = "training/output/";
    /**
     * Model bucket: the daily drift monitor's reports ({@code <date>/monitor.json}), written only
     * by the monitor. Derived from the prediction log but holding no text, so beside the models.
     */
    public static final String MONITORING = "monitoring/";
    /** Feedback bucket: one object per feedback record, written only by the feedback functions. */
    public static final String FEEDBACK = "feedback/";
    /**
     * Feedback bucket: the prediction log, one object per batch of sampled predictions
     * ({@code dt=<UTC day>/<time>-<uuid>.jsonl}), written only by the functions that classify.
     * User data (texts too with {@code predictionKeepText}), so under the feedback key, not the models'.
     */
    public static final String PREDICTIONS = "predictions/";
    /** Batch bucket: the {@code *.csv} and {@code *.jsonl} objects users drop for batch classification. */
    public static final String BATCH_INPUT = "input/";
    /** Batch bucket: what the batch state machine's result writer puts there, under each execution's outputPrefix. */
    public static final String BATCH_OUTPUT = "output/";
    /** Access-log bucket: server access logs of the three data buckets. */
    public static final String MODEL_ACCESS_LOGS = "models/";
    public static final String FEEDBACK_ACCESS_LOGS = "feedback/";
    public static final String BATCH_ACCESS_LOGS = "batch/";

    private BucketLayout() {
    }
}
