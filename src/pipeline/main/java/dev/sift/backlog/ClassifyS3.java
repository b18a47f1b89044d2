package dev.sift.backlog;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.pipeline.CommandLineTool;
import dev.sift.s3.S3Connection;
import dev.sift.s3.S3Uri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

/**
 * {@code make classify-s3}: a backlog on AWS. Checks the input prefix (one format, not empty) and
 * the output prefix (empty unless {@code --overwrite}), starts one execution of BatchStack's state
 * machine per input object, and follows them, with the Distributed Map's item counts, to the end.
 *
 * <pre>ClassifyS3 s3://bucket/input/ s3://bucket/output/job-1/ --state-machine ARN [--column text] [--overwrite]</pre>
 *
 * Exit codes: 0 every execution succeeded, 1 one failed (its cause is printed), 2 bad arguments.
 */
@Command(name = "ClassifyS3", sortOptions = false,
        description = "Classify every .csv or .jsonl object under IN with BatchStack's Distributed Map; results under OUT.")
public final class ClassifyS3 implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String INPUT_ROOT = "input/";
    static final String OUTPUT_ROOT = "output/";

    @Spec
    CommandSpec spec;
    @Mixin
    CommandLineTool.Help help;
    @Parameters(index = "0", paramLabel = "IN", description = "s3://bucket/prefix/ holding the input objects.")
    String in;
    @Parameters(index = "1", paramLabel = "OUT", description = "s3://bucket/prefix/ for the results, in IN's bucket.")
    String out;
    @Option(names = "--state-machine", paramLabel = "ARN", required = true,
            description = "BatchStack's state machine (its BatchStateMachineArn output).")
    String stateMachine;
    @Option(names = "--column", paramLabel = "NAME", description = "The text column or field (default: ${DEFAULT-VALUE}).")
    String column = "text";
    @Option(names = "--id-column", paramLabel = "NAME", description = "Copied to each result as its id (default: ${DEFAULT-VALUE}).")
    String idColumn = "id";
    @Option(names = "--overwrite", description = "Delete the results already under OUT instead of refusing.")
    boolean overwrite;
    @Option(names = "--no-follow", description = "Start the executions and exit.")
    boolean noFollow;
    @Option(names = "--poll-seconds", paramLabel = "S", description = "How often progress is read (default: ${DEFAULT-VALUE}).")
    int pollSeconds = 10;
    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible endpoint (tests, MinIO).")
    URI s3Endpoint;

    public static void main(String[] args) {
        CommandLineTool.run(new ClassifyS3(), args);
    }

    @Override
    public Integer call() throws Exception {
        S3Uri input = S3Uri.parse(in, "IN");
        S3Uri output = S3Uri.parse(out, "OUT");
        if (!input.bucket().equals(output.bucket())) {
            throw CommandLineTool.badArgument(spec, "OUT must be in IN's bucket (" + input.bucket()
                    + "): the state machine writes its results to the bucket it reads, got " + output);
        }
        // BatchStack's role may read only input/* and write only output/*; its first state refuses anything else.
        if (!input.prefix().startsWith(INPUT_ROOT) || !output.prefix().startsWith(OUTPUT_ROOT)) {
            throw CommandLineTool.badArgument(spec, "IN must be under s3://" + input.bucket() + "/" + INPUT_ROOT
                    + " and OUT under s3://" + output.bucket() + "/" + OUTPUT_ROOT
                    + " (the batch bucket's layout, which its state machine's permissions follow), got " + input + " and " + output);
        }
        List<Map<String, String>> executions;
        try (S3Client s3 = S3Connection.of(Optional.ofNullable(s3Endpoint), Optional.empty(), s3Endpoint != null).client()) {
            S3Backlog backlog = S3Backlog.list(s3, input);
            clearOrRefuse(s3, output);
            executions = backlog.executionInputs(output, column, idColumn);
            System.err.printf("%d %s object(s) under %s%n", backlog.keys().size(), backlog.format().extension(), input);
        }
        try (SfnClient sfn = SfnClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(S3Connection.region(Optional.empty())).build()) {
            List<String> arns = start(sfn, executions);
            return noFollow ? 0 : follow(sfn, arns);
        }
    }

    /** An output prefix with results in it is refused, or emptied with --overwrite: two jobs' results never mix. */
    private void clearOrRefuse(S3Client s3, S3Uri output) {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(output.bucket()).prefix(output.prefix()).build();
        List<String> existing = s3.listObjectsV2Paginator(request).contents().stream().map(S3Object::key).toList();
        if (existing.isEmpty()) {
            return;
        }
        if (!overwrite) {
            throw new IllegalStateException(output + " already holds " + existing.size() + " object(s), e.g. "
                    + existing.get(0) + "; choose another OUT or pass --overwrite (OVERWRITE=1) to delete them first");
        }
        for (String key : existing) {
            s3.deleteObject(b -> b.bucket(output.bucket()).key(key));
        }
        System.err.printf("deleted %d earlier result object(s) under %s%n", existing.size(), output);
    }

    private List<String> start(SfnClient sfn, List<Map<String, String>> executions) throws Exception {
        String job = "sift-" + Instant.now().getEpochSecond();
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < executions.size(); i++) {
            String name = job + "-" + (i + 1);
            String inputJson = JSON.writeValueAsString(executions.get(i));
            String arn = sfn.startExecution(b -> b.stateMachineArn(stateMachine).name(name).input(inputJson)).executionArn();
            arns.add(arn);
            System.err.printf("started %s for s3://%s/%s -> %s%n", name, executions.get(i).get("bucket"),
                    executions.get(i).get("key"), executions.get(i).get("outputPrefix"));
        }
        return arns;
    }

    /** Polls every execution until all have ended; one progress line per poll. */
    private int follow(SfnClient sfn, List<String> arns) throws InterruptedException {
        Map<String, DescribeExecutionResponse> last = new LinkedHashMap<>();
        while (true) {
            long succeeded = 0;
            long failed = 0;
            long running = 0;
            int ended = 0;
            for (String arn : arns) {
                DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(arn));
                last.put(arn, execution);
                if (execution.status() != ExecutionStatus.RUNNING && execution.status() != ExecutionStatus.PENDING_REDRIVE) {
                    ended++;
                }
                for (MapRunListItem run : sfn.listMapRuns(b -> b.executionArn(arn)).mapRuns()) {
                    DescribeMapRunResponse map = sfn.describeMapRun(b -> b.mapRunArn(run.mapRunArn()));
                    succeeded += map.itemCounts().succeeded();
                    failed += map.itemCounts().failed();
                    running += map.itemCounts().running() + map.itemCounts().pending();
                }
            }
            System.err.printf("%s  executions %d/%d ended; rows: %,d succeeded, %,d failed, %,d running or pending%n",
                    Instant.now().toString().substring(11, 19), ended, arns.size(), succeeded, failed, running);
            if (ended == arns.size()) {
                break;
            }
            Thread.sleep(Duration.ofSeconds(pollSeconds).toMillis());
        }
        int exit = 0;
        for (DescribeExecutionResponse execution : last.values()) {
            if (execution.status() != ExecutionStatus.SUCCEEDED) {
                exit = 1;
                System.err.printf("%s %s: %s %s%n", execution.name(), execution.status(), execution.error(), execution.cause());
            }
        }
        return exit;
    }
}
