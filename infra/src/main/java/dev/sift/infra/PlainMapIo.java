package dev.sift.infra;

import java.util.List;

import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.stepfunctions.CsvHeaders;
import software.amazon.awscdk.services.stepfunctions.IItemReader;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.OutputType;
import software.amazon.awscdk.services.stepfunctions.ResultWriterV2;
import software.amazon.awscdk.services.stepfunctions.ResultWriterV2Props;
import software.amazon.awscdk.services.stepfunctions.S3CsvItemReader;
import software.amazon.awscdk.services.stepfunctions.S3CsvItemReaderProps;
import software.amazon.awscdk.services.stepfunctions.S3FileItemReaderProps;
import software.amazon.awscdk.services.stepfunctions.S3JsonLItemReader;
import software.amazon.awscdk.services.stepfunctions.S3ObjectsItemReader;
import software.amazon.awscdk.services.stepfunctions.S3ObjectsItemReaderProps;
import software.amazon.awscdk.services.stepfunctions.Transformation;
import software.amazon.awscdk.services.stepfunctions.WriterConfig;
import software.amazon.awscdk.services.stepfunctions.WriterConfigProps;

/**
 * Distributed Map item readers and result writer that grant nothing when bound, like
 * {@link PlainS3Location}. CDK's own grant as the map binds: a reader gets s3:GetObject on
 * {@code <bucket>/*}, an objects reader whose bucket comes from the state gets s3:ListBucket on
 * {@code *}, the writer gets PutObject and GetObject on {@code <bucket>/*}. The batch state
 * machine's role gets {@code input/*} and {@code output/*} only, explicitly (BatchStack).
 *
 * <p>Bucket, key and prefix come from the execution input ({@code $.bucket}, {@code $.key},
 * {@code $.prefix}); the role's grants confine them to the batch bucket's prefixes.
 */
final class PlainMapIo {
    private PlainMapIo() {
    }

    /** One JSON object per line of {@code s3://$.bucket/$.key}. */
    static IItemReader jsonLines() {
        return new JsonLines(S3FileItemReaderProps.builder()
                .bucketNamePath(JsonPath.stringAt("$.bucket"))
                .key(JsonPath.stringAt("$.key"))
                .build());
    }

    /** One object per row of {@code s3://$.bucket/$.key}, keyed by the first row (the header); every value a string. */
    static IItemReader csvWithHeader() {
        return new CsvWithHeader(S3CsvItemReaderProps.builder()
                .bucketNamePath(JsonPath.stringAt("$.bucket"))
                .key(JsonPath.stringAt("$.key"))
                .csvHeaders(CsvHeaders.useFirstRow())
                .build());
    }

    /** One item ({@code Key}, {@code Size}, {@code Etag}, …) per object under {@code s3://$.bucket/$.prefix}. */
    static IItemReader objectsUnderPrefix() {
        return new ObjectsUnderPrefix(S3ObjectsItemReaderProps.builder()
                .bucketNamePath(JsonPath.stringAt("$.bucket"))
                .prefix(JsonPath.stringAt("$.prefix"))
                .build());
    }

    /**
     * Results to {@code s3://<bucket>/$.outputPrefix<map run id>/}: each child execution's output
     * (the function's answer, COMPACT: without the execution metadata and input) as one JSON line
     * in {@code SUCCEEDED_<n>} files, failed batches unchanged in {@code FAILED_<n>}, and a
     * {@code manifest.json} listing them.
     */
    static ResultWriterV2 resultsUnderOutputPrefix(IBucket bucket) {
        return new ResultsUnderOutputPrefix(ResultWriterV2Props.builder()
                .bucket(bucket)
                .prefix(JsonPath.stringAt("$.outputPrefix"))
                .writerConfig(new WriterConfig(WriterConfigProps.builder()
                        .transformation(Transformation.COMPACT)
                        .outputType(OutputType.JSONL)
                        .build()))
                .build());
    }

    private static final class JsonLines extends S3JsonLItemReader {
        JsonLines(S3FileItemReaderProps props) {
            super(props);
        }

        @Override
        public List<PolicyStatement> providePolicyStatements() {
            return List.of();
        }
    }

    private static final class CsvWithHeader extends S3CsvItemReader {
        CsvWithHeader(S3CsvItemReaderProps props) {
            super(props);
        }

        @Override
        public List<PolicyStatement> providePolicyStatements() {
            return List.of();
        }
    }

    private static final class ObjectsUnderPrefix extends S3ObjectsItemReader {
        ObjectsUnderPrefix(S3ObjectsItemReaderProps props) {
            super(props);
        }

        @Override
        public List<PolicyStatement> providePolicyStatements() {
            return List.of();
        }
    }

    private static final class ResultsUnderOutputPrefix extends ResultWriterV2 {
        ResultsUnderOutputPrefix(ResultWriterV2Props props) {
            super(props);
        }

        @Override
        public List<PolicyStatement> providePolicyStatements() {
            return List.of();
        }
    }
}
