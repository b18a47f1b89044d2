package dev.sift.infra;

import java.math.BigDecimal;
import java.util.Map;

import software.amazon.awscdk.services.iam.IRole;

/**
 * The prediction log of the functions that classify ({@code classify}, {@code http},
 * {@code classifyBatch}): sampled answers written by the app under {@code predictions/} of the
 * feedback bucket (the serving README's <i>Prediction log</i>), read back daily by the drift monitor.
 *
 * <p>It is user data, so it lives in the feedback bucket under the feedback key, and only the
 * functions that produce it may write there: PutObject on {@code predictions/*} (the app writes
 * create-only, {@code If-None-Match: *}, so it needs neither GetObject nor DeleteObject).
 * With {@code predictionSampleRate=0} nothing here is added and the app keeps its log off.
 */
final class PredictionLog {
    private PredictionLog() {
    }

    /** {@code SIFT_PREDICTIONS_STORE}: where the app writes, and the monitor reads. */
    static String store(StorageStack storage) {
        return "s3://" + storage.feedback.getBucketName() + "/" + BucketLayout.PREDICTIONS.replaceAll("/$", "");
    }

    /** The app's {@code sift.predictions.*} settings; redaction of kept texts is the app's own, always on. */
    static void addEnvironment(Map<String, String> env, SiftParameters p, StorageStack storage) {
        if (!p.predictionLog()) {
            return;
        }
        env.put("SIFT_PREDICTIONS_STORE", store(storage));
        env.put("SIFT_PREDICTIONS_SAMPLE_RATE", BigDecimal.valueOf(p.predictionSampleRate()).stripTrailingZeros().toPlainString());
        env.put("SIFT_PREDICTIONS_KEEP_TEXT", Boolean.toString(p.predictionKeepText()));
    }

    /** PutObject on {@code predictions/*} of the feedback bucket and a data key of its key, through S3 only. */
    static void grantWrite(IRole role, SiftParameters p, StorageStack storage) {
        if (!p.predictionLog()) {
            return;
        }
        S3PrefixAccess.write(role, storage.feedback, storage.feedbackKey, BucketLayout.PREDICTIONS + "*");
        Suppressions.add(role, "AwsSolutions-IAM5",
                "The prediction log is one new object per batch of predictions under predictions/, named at run time,"
                        + " so PutObject is granted on that prefix and nothing else",
                Suppressions.matching("/^Resource::.*\\/predictions\\/\\*$/"));
    }
}
