package dev.sift.infra;

import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.tasks.ISageMakerTask;
import software.amazon.awscdk.services.stepfunctions.tasks.S3Location;
import software.amazon.awscdk.services.stepfunctions.tasks.S3LocationBindOptions;
import software.amazon.awscdk.services.stepfunctions.tasks.S3LocationConfig;

/**
 * An S3 location for the SageMaker task that grants nothing when bound. CDK's own locations
 * grant as they bind: a JSONPath location gives the training role s3:GetObject on every bucket
 * ({@code *}), a bucket location adds DeleteObject and Abort on the prefix. The training role
 * gets its prefix-scoped grants explicitly instead (TrainingStack#trainingRole).
 */
final class PlainS3Location extends S3Location {
    private final String uri;

    private PlainS3Location(String uri) {
        this.uri = uri;
    }

    /** {@code s3://bucket/prefix/}, fixed at deploy time. */
    static PlainS3Location of(String uri) {
        return new PlainS3Location(uri);
    }

    /** A URI taken from the state at run time, e.g. {@code $.prepared.trainData}. */
    static PlainS3Location fromState(String jsonPath) {
        return new PlainS3Location(JsonPath.stringAt(jsonPath));
    }

    @Override
    public S3LocationConfig bind(ISageMakerTask task, S3LocationBindOptions options) {
        return S3LocationConfig.builder().uri(uri).build();
    }
}
