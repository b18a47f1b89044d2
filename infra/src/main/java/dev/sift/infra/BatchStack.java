package dev.sift.infra;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IItemReader;
import software.amazon.awscdk.services.stepfunctions.ItemBatcher;
import software.amazon.awscdk.services.stepfunctions.ItemBatcherProps;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * Batch classification of S3 objects: a STANDARD state machine whose Distributed Map reads the
 * rows of a {@code *.jsonl} or {@code *.csv} object under {@code input/} of the batch bucket,
 * hands them in batches to {@code classifyBatch} and writes the answers under {@code output/}.
 *
 * <p>Two execution inputs (infra/README.md, <i>Batch classification</i>):
 * <pre>
 * {"bucket", "key": "input/reviews.jsonl", "format": "jsonl" | "csv", "column", "idColumn", "outputPrefix": "output/&lt;job&gt;/"}
 * {"bucket", "prefix": "input/", "column", "idColumn", "outputPrefix"}
 * </pre>
 * The second runs a Distributed Map over the objects under the prefix, and for each
 * {@code *.jsonl} or {@code *.csv} one the same map as the first: nested Distributed Maps, as
 * the Step Functions developer guide describes for processing the data of listed objects
 * ("ItemReader (Map)", Processing nested data sets).
 *
 * <p>The role may read only {@code input/*} and write only {@code output/*} of the batch bucket,
 * and invoke only {@code classifyBatch}; the input is checked against that first, so a wrong
 * bucket or prefix fails in the first state instead of at the end of a long run.
 */
public final class BatchStack extends Stack {
    /**
     * Step Functions limits a child execution's input to 256 KiB; rows plus their
     * {@code {"index", "value"}} wrapper stay under this, with room for the BatchInput.
     */
    static final int MAX_BATCH_BYTES = 200 * 1024;

    public final BatchFunction classifyBatch;
    public final StateMachine batch;
    private final SiftParameters p;
    private final StorageStack storage;

    public BatchStack(Construct scope, String id, StackProps props, SiftParameters p, StorageStack storage) {
        super(scope, id, props);
        // Without this flag DistributedMap ignores resultWriterV2 (the only writer with a prefix
        // from the state and a WriterConfig) and returns every answer in the state instead, which
        // a large run overflows (256 KiB). It must be set before the stack has children.
        getNode().setContext("@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2", true);
        this.p = p;
        this.storage = storage;

        classifyBatch = new BatchFunction(this, "ClassifyBatch", p, storage, new FunctionPackaging(p));

        LogGroup logs = LogGroup.Builder.create(this, "BatchClassificationLogs")
                .retention(Retention.days(p.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        batch = StateMachine.Builder.create(this, "BatchClassification")
                .comment("sift: classify the rows of S3 objects with classifyBatch, results to S3")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromChainable(checkInput()))
                // A million rows at 10 batches of 256 at a time is about an hour.
                .timeout(Duration.hours(24))
                .tracingEnabled(true)
                // Every event, but not the data: rows are users' texts, and the answers are in S3.
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
                .build();
        // The readers and writer grant nothing themselves (PlainMapIo); the Distributed Map's
        // own StartExecution/DescribeExecution/StopExecution/RedriveExecution on this state
        // machine are added by CDK (DistributedMapPolicy).
        S3PrefixAccess.read(batch.getRole(), storage.batch, storage.batchKey, BucketLayout.BATCH_INPUT);
        S3PrefixAccess.writeResults(batch.getRole(), storage.batch, storage.batchKey, BucketLayout.BATCH_OUTPUT);

        suppressFindings();
        outputs();
    }

    /** Rules run in order and stop at the first match, so each test may assume the ones before passed. */
    private Choice checkInput() {
        String bucket = storage.batch.getBucketName();
        Fail unsupportedFormat = Fail.Builder.create(this, "UnsupportedFormat")
                .error("UnsupportedFormat")
                .cause("format must be jsonl (one JSON object per line) or csv (comma-separated, the first row is the header)")
                .build();
        Fail wrongBucket = invalid("WrongBucket",
                "bucket must be the batch bucket (the BatchBucketName output): the state machine may read and write only there");
        Fail outputOutside = invalid("OutputPrefixOutsideOutput",
                "outputPrefix must start with " + BucketLayout.BATCH_OUTPUT + ", e.g. " + BucketLayout.BATCH_OUTPUT
                        + "<job>/: the state machine may write nowhere else");
        Fail inputOutside = invalid("InputOutsideInput",
                "key (one object) or prefix (every object under it) must start with " + BucketLayout.BATCH_INPUT
                        + ": the state machine may read nowhere else");
        Fail noColumns = invalid("ColumnsMissing",
                "column (the field holding the text) and idColumn (the field holding each row's id) are required;"
                        + " null picks classifyBatch's defaults, text and id");
        return Choice.Builder.create(this, "CheckInput").comment("fail fast on input the role could not serve").build()
                .when(Condition.not(Condition.isPresent("$.bucket")), wrongBucket)
                .when(Condition.not(Condition.stringEquals("$.bucket", bucket)), wrongBucket)
                .when(Condition.not(Condition.isPresent("$.outputPrefix")), outputOutside)
                .when(Condition.not(Condition.stringMatches("$.outputPrefix", BucketLayout.BATCH_OUTPUT + "*")), outputOutside)
                .when(Condition.or(Condition.not(Condition.isPresent("$.column")), Condition.not(Condition.isPresent("$.idColumn"))),
                        noColumns)
                .when(Condition.isPresent("$.prefix"), Choice.Builder.create(this, "PrefixUnderInput").build()
                        .when(Condition.stringMatches("$.prefix", BucketLayout.BATCH_INPUT + "*"), eachObject())
                        .otherwise(inputOutside))
                .when(Condition.not(Condition.isPresent("$.key")), inputOutside)
                .when(Condition.not(Condition.stringMatches("$.key", BucketLayout.BATCH_INPUT + "*")), inputOutside)
                .otherwise(Choice.Builder.create(this, "Format").build()
                        .when(Condition.not(Condition.isPresent("$.format")), unsupportedFormat)
                        .when(Condition.stringEquals("$.format", "jsonl"), rowsOf("ClassifyJsonl", PlainMapIo.jsonLines()))
                        .when(Condition.stringEquals("$.format", "csv"), rowsOf("ClassifyCsv", PlainMapIo.csvWithHeader()))
                        .otherwise(unsupportedFormat));
    }

    private Fail invalid(String id, String cause) {
        return Fail.Builder.create(this, id).error("InvalidInput").cause(cause).build();
    }

    /**
     * The rows of one object, {@code s3://$.bucket/$.key}, in batches to classifyBatch, the
     * answers to {@code $.outputPrefix<map run id>/}; the state's output is the input plus
     * {@code results: {MapRunArn, ResultWriterDetails: {Bucket, Key of manifest.json}}}.
     */
    private DistributedMap rowsOf(String id, IItemReader reader) {
        DistributedMap map = DistributedMap.Builder.create(this, id)
                .itemReader(reader)
                // Each row with its 0-based number in the object (CSV: header excluded), in the
                // wrapper classifyBatch unwraps ({"index", "value"}: ClassifyBatchFunction); it
                // answers row = index + 1, the numbering make classify-file gives the same line.
                .itemSelector(Map.of(
                        "index", JsonPath.numberAt("$$.Map.Item.Index"),
                        "value", JsonPath.objectAt("$$.Map.Item.Value")))
                // ItemBatcher renders BatchInput as given, so the JSONPath keys are written out.
                .itemBatcher(new ItemBatcher(ItemBatcherProps.builder()
                        .maxItemsPerBatch(p.batchMaxItemsPerBatch())
                        .maxInputBytesPerBatch(MAX_BATCH_BYTES)
                        .batchInput(JsonNodeFactory.instance.objectNode()
                                .put("column.$", "$.column")
                                .put("idColumn.$", "$.idColumn"))
                        .build()))
                // Each child execution makes one classifyBatch call at a time, so this bounds the
                // function's concurrent executions. It must stay below the account's unreserved
                // concurrency (and the function's reserved concurrency, if one is ever set), or the
                // extra calls are throttled: retried below, but taken from the serving functions.
                .maxConcurrency(p.batchMaxConcurrency())
                // A batch fails only when it is broken (no Items) or its call fails after the
                // retries: bad rows are answered as per-row errors, not failures.
                .toleratedFailurePercentage(p.batchToleratedFailurePercentage())
                .resultWriterV2(PlainMapIo.resultsUnderOutputPrefix(storage.batch))
                // One short Lambda call per batch: EXPRESS children cost per request and duration
                // instead of per state transition, and need none of STANDARD's year-long history.
                // At-least-once is harmless here: a batch classified twice gives the same answer.
                .mapExecutionType(StateMachineType.EXPRESS)
                .label(id)
                .resultPath("$.results")
                .build();
        map.itemProcessor(classifyStep(id + "Batch"));
        return map;
    }

    /**
     * Every object under {@code s3://$.bucket/$.prefix}, one at a time, each through
     * {@link #rowsOf} by its extension; other keys (folder markers, other files) are skipped.
     * Each object's answers land under {@code $.outputPrefix<its key>/<map run id>/}, and one
     * line per object (its map run and manifest) under {@code $.outputPrefix<this map run id>/}.
     */
    private DistributedMap eachObject() {
        DistributedMap map = DistributedMap.Builder.create(this, "EachObject")
                .itemReader(PlainMapIo.objectsUnderPrefix())
                .itemSelector(Map.of(
                        "bucket", JsonPath.stringAt("$.bucket"),
                        "key", JsonPath.stringAt("$$.Map.Item.Value.Key"),
                        "column", JsonPath.stringAt("$.column"),
                        "idColumn", JsonPath.stringAt("$.idColumn"),
                        "outputPrefix", JsonPath.format("{}{}/",
                                JsonPath.stringAt("$.outputPrefix"), JsonPath.stringAt("$$.Map.Item.Value.Key"))))
                // One object at a time, each with the full batchMaxConcurrency: the function's
                // concurrency stays what the parameter says, whatever the number of objects.
                .maxConcurrency(1)
                .resultWriterV2(PlainMapIo.resultsUnderOutputPrefix(storage.batch))
                // A child runs a whole object's map run, which can take hours: EXPRESS stops at 5 minutes.
                .mapExecutionType(StateMachineType.STANDARD)
                .label("EachObject")
                .resultPath("$.results")
                .build();
        map.itemProcessor(Choice.Builder.create(this, "ObjectFormat").build()
                .when(Condition.stringMatches("$.key", "*.jsonl"), rowsOf("ClassifyObjectJsonl", PlainMapIo.jsonLines()))
                .when(Condition.stringMatches("$.key", "*.csv"), rowsOf("ClassifyObjectCsv", PlainMapIo.csvWithHeader()))
                .otherwise(Succeed.Builder.create(this, "NotJsonlOrCsv").comment("skipped: not *.jsonl or *.csv").build()));
        return map;
    }

    /** The function's answer is the child execution's output: payloadResponseOnly, no Lambda envelope. */
    private LambdaInvoke classifyStep(String id) {
        LambdaInvoke step = LambdaInvoke.Builder.create(this, id)
                .lambdaFunction(classifyBatch.live)
                .payloadResponseOnly(true)
                // CDK adds the retry on Lambda's service errors (ServiceException, AWSLambdaException,
                // SdkClientException, ClientExecutionTimeoutException: 2 s, x2, 6 attempts).
                .retryOnServiceExceptions(true)
                .build();
        // Throttling (concurrency above what the account has free) and the function's own
        // transient faults (errorType RetryableFault): back off with jitter, so the retries of
        // many batches do not arrive together.
        step.addRetry(RetryProps.builder()
                .errors(List.of("Lambda.TooManyRequestsException", "RetryableFault"))
                .interval(Duration.seconds(2))
                .backoffRate(2)
                .maxAttempts(6)
                .maxDelay(Duration.seconds(30))
                .jitterStrategy(JitterType.FULL)
                .build());
        return step;
    }

    private void suppressFindings() {
        Suppressions.add(batch, "AwsSolutions-IAM5",
                "S3 access is limited to the batch bucket's input/* (GetObject; ListBucket only with an s3:prefix of input/*)"
                        + " and output/* (the ResultWriter's actions): the objects are named by the execution input at run time",
                Suppressions.matching("/^Resource::.*\\/(input|output)\\/\\*$/"));
        Suppressions.add(batch, "AwsSolutions-IAM5",
                "A Distributed Map starts its child executions on this state machine and describes, stops and redrives them;"
                        + " their names are generated per map run, so CDK grants execution:<this state machine>:* and"
                        + " execution:<this state machine>/<map label>:*",
                Suppressions.matching("/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.*:\\*$/"));
        Suppressions.add(batch, "AwsSolutions-IAM5",
                "Actions without resource-level permissions, added by CDK for the features in use: X-Ray trace upload (tracing)"
                        + " and CloudWatch Logs delivery (execution logging)",
                "Resource::*");
    }

    private void outputs() {
        String bucket = storage.batch.getBucketName();
        String arn = batch.getStateMachineArn();
        CfnOutput.Builder.create(this, "BatchStateMachineArn").value(arn)
                .description("Batch classification state machine (infra/README.md, Batch classification)").build();
        CfnOutput.Builder.create(this, "BatchBucketName").value(bucket)
                .description("Drop *.jsonl or *.csv under s3://<this>/" + BucketLayout.BATCH_INPUT + "; results under s3://<this>/"
                        + BucketLayout.BATCH_OUTPUT + "<job>/").build();
        CfnOutput.Builder.create(this, "StartBatchExample")
                .value("aws stepfunctions start-execution --state-machine-arn " + arn + " --input '{\"bucket\":\"" + bucket
                        + "\",\"key\":\"input/reviews.jsonl\",\"format\":\"jsonl\",\"column\":\"text\",\"idColumn\":\"id\","
                        + "\"outputPrefix\":\"output/reviews/\"}'")
                .description("Classify one object: change key, format (jsonl or csv), column, idColumn and outputPrefix").build();
        CfnOutput.Builder.create(this, "StartPrefixBatchExample")
                .value("aws stepfunctions start-execution --state-machine-arn " + arn + " --input '{\"bucket\":\"" + bucket
                        + "\",\"prefix\":\"input/\",\"column\":\"text\",\"idColumn\":\"id\",\"outputPrefix\":\"output/all/\"}'")
                .description("Classify every *.jsonl and *.csv object under a prefix, one object after the other").build();
        CfnOutput.Builder.create(this, "BatchConsole")
                .value("https://" + Aws.REGION + ".console.aws.amazon.com/states/home?region=" + Aws.REGION
                        + "#/statemachines/view/" + arn)
                .description("Executions, their map runs and failed batches (Map Run page) in the Step Functions console").build();
    }
}
