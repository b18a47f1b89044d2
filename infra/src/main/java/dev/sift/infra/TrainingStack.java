package dev.sift.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.IntegrationPattern;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.AlgorithmSpecification;
import software.amazon.awscdk.services.stepfunctions.tasks.Channel;
import software.amazon.awscdk.services.stepfunctions.tasks.DataSource;
import software.amazon.awscdk.services.stepfunctions.tasks.DockerImage;
import software.amazon.awscdk.services.stepfunctions.tasks.InputMode;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.amazon.awscdk.services.stepfunctions.tasks.OutputDataConfig;
import software.amazon.awscdk.services.stepfunctions.tasks.ResourceConfig;
import software.amazon.awscdk.services.stepfunctions.tasks.S3DataSource;
import software.amazon.awscdk.services.stepfunctions.tasks.S3DataType;
import software.amazon.awscdk.services.stepfunctions.tasks.SageMakerCreateTrainingJob;
import software.amazon.awscdk.services.stepfunctions.tasks.StoppingCondition;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Retraining: prepare → train (GPU) → evaluate → promote, as a Step Functions state machine,
 * started weekly and when enough new feedback has arrived; and the daily drift monitor
 * ({@link DriftMonitor}), which tells when the champion's inputs no longer look like its training data.
 *
 * <p><b>Why SageMaker training and not AWS Batch.</b> A training job is one API call that
 * Step Functions waits on natively ({@code createTrainingJob.sync}); SageMaker copies the run's
 * S3 prefix into the container and the container's {@code /opt/ml/model} back to S3, so the
 * PyTorch image needs no AWS SDK and can run with network isolation. It bills per second of
 * GPU time and costs nothing between runs. Batch on g5/g6 would need a VPC with subnets and a
 * route to ECR and S3 (a NAT gateway, about $32 a month, or interface endpoints at about $7 a
 * month each), an EC2 compute environment and a job queue, all standing by between weekly runs.
 *
 * <p>Prepare, evaluate and promote are Java (the pipeline package): they run as Lambda
 * functions from the direct-invocation zip, exported as {@code prepareTrainingSet},
 * {@code evaluateChallenger} and {@code promoteChallenger} (contract for the packaging issue,
 * described in infra/README.md). Each gets only the prefixes its step touches.
 */
public final class TrainingStack extends Stack {
    static final String PREPARE_EXPORT = "prepareTrainingSet";
    static final String EVALUATE_EXPORT = "evaluateChallenger";
    static final String PROMOTE_EXPORT = "promoteChallenger";

    public final Repository trainingImages;
    public final Function prepare;
    public final Function evaluate;
    public final Function promote;
    public final Role trainingRole;
    public final StateMachine retrain;
    public final Function feedbackThresholdCheck;
    /** The daily drift monitor; null with {@code predictionSampleRate=0} (no prediction log to read). */
    public final DriftMonitor monitor;

    public TrainingStack(Construct scope, String id, StackProps props, SiftParameters p, StorageStack storage) {
        super(scope, id, props);
        FunctionPackaging packaging = new FunctionPackaging(p);

        trainingImages = Repository.Builder.create(this, "TrainingImages")
                .repositoryName(p.trainingRepository())
                .imageScanOnPush(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .description("keep the 10 newest training images")
                        .maxImageCount(10)
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        String registry = modelRegistry(storage);
        String trainingData = "s3://" + storage.models.getBucketName() + "/training";

        // sift.pipeline.* settings (SiftConfig, README *Configuration*) by the standard variable mapping.
        prepare = pipelineFunction("Prepare", PREPARE_EXPORT, "sift retrain: merge new feedback into the training set, tokenize",
                packaging, p, 3008, Map.of(
                        "SIFT_PIPELINE_MODEL_REGISTRY", registry,
                        "SIFT_PIPELINE_FEEDBACK_STORE", "s3://" + storage.feedback.getBucketName() + "/" + BucketLayout.FEEDBACK.replaceAll("/$", ""),
                        "SIFT_PIPELINE_TRAINING_DATA", trainingData));
        S3PrefixAccess.read(prepare.getRole(), storage.feedback, storage.feedbackKey, BucketLayout.FEEDBACK);
        S3PrefixAccess.read(prepare.getRole(), storage.models, storage.modelsKey, BucketLayout.DATASETS);
        S3PrefixAccess.read(prepare.getRole(), storage.models, storage.modelsKey, BucketLayout.REGISTRY);
        S3PrefixAccess.write(prepare.getRole(), storage.models, storage.modelsKey, BucketLayout.RUNS + "*");

        // Evaluate runs the serving classifier over the frozen test set for challenger and
        // champion: the most CPU of the three, so the most memory (vCPUs follow memory).
        evaluate = pipelineFunction("Evaluate", EVALUATE_EXPORT,
                "sift retrain: register the trained bundle, compare it with the champion on the frozen test set",
                packaging, p, 6144, Map.of("SIFT_PIPELINE_MODEL_REGISTRY", registry, "SIFT_PIPELINE_TRAINING_DATA", trainingData));
        S3PrefixAccess.read(evaluate.getRole(), storage.models, storage.modelsKey, BucketLayout.TRAINING_OUTPUT);
        S3PrefixAccess.read(evaluate.getRole(), storage.models, storage.modelsKey, BucketLayout.DATASETS);
        S3PrefixAccess.read(evaluate.getRole(), storage.models, storage.modelsKey, BucketLayout.REGISTRY);
        S3PrefixAccess.write(evaluate.getRole(), storage.models, storage.modelsKey, BucketLayout.REGISTRY_BUNDLES + "*");
        S3PrefixAccess.write(evaluate.getRole(), storage.models, storage.modelsKey, BucketLayout.HISTORY);

        // Promote is the only writer of champion.json: moving the pointer is one PutObject.
        promote = pipelineFunction("Promote", PROMOTE_EXPORT, "sift retrain: point champion.json at the challenger",
                packaging, p, 512, Map.of("SIFT_PIPELINE_MODEL_REGISTRY", registry));
        S3PrefixAccess.read(promote.getRole(), storage.models, storage.modelsKey, BucketLayout.REGISTRY);
        S3PrefixAccess.write(promote.getRole(), storage.models, storage.modelsKey, BucketLayout.CHAMPION);
        S3PrefixAccess.write(promote.getRole(), storage.models, storage.modelsKey, BucketLayout.HISTORY);

        trainingRole = trainingRole(p, storage);
        retrain = stateMachine(p, storage);

        Rule weekly = Rule.Builder.create(this, "WeeklyRetrain")
                .description("sift: retrain on a schedule (the prepare step ends the run early when there is nothing new)")
                .schedule(Schedule.expression(p.retrainSchedule()))
                .build();
        weekly.addTarget(SfnStateMachine.Builder.create(retrain)
                .input(RuleTargetInput.fromObject(Map.of("trigger", "schedule")))
                .build());

        feedbackThresholdCheck = feedbackThresholdCheck(p, storage);
        Rule hourly = Rule.Builder.create(this, "HourlyFeedbackCheck")
                .description("sift: start a retrain once " + p.feedbackThreshold() + " new feedback records arrived")
                .schedule(Schedule.rate(Duration.hours(1)))
                .build();
        hourly.addTarget(new LambdaFunction(feedbackThresholdCheck));

        // Reads what the classifying functions log: nothing to read, and no monitor, without the log.
        monitor = p.predictionLog() ? new DriftMonitor(this, "DriftMonitor", p, storage, packaging) : null;

        if (p.createSageMakerLogGroup()) {
            // SageMaker writes every training job's logs here and creates the group without a
            // retention period (kept forever) unless it already exists.
            LogGroup.Builder.create(this, "TrainingJobLogs")
                    .logGroupName("/aws/sagemaker/TrainingJobs")
                    .retention(Retention.days(p.logRetentionDays()))
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();
        }

        suppressFindings();
        CfnOutput.Builder.create(this, "TrainingImageRepository").value(trainingImages.getRepositoryUri())
                .description("docker push <this>:" + p.trainingImageTag()).build();
        CfnOutput.Builder.create(this, "RetrainStateMachineArn").value(retrain.getStateMachineArn())
                .description("aws stepfunctions start-execution --state-machine-arn <this> --input '{\"trigger\":\"manual\"}'").build();
    }

    private Function pipelineFunction(String id, String export, String description, FunctionPackaging packaging,
                                      SiftParameters p, int memoryMb, Map<String, String> environment) {
        return PipelineFunction.create(this, id, new PipelineFunction.Settings(description,
                "sift retrain " + id.toLowerCase() + " step", packaging.pipelineHandler(export), memoryMb,
                Duration.minutes(15), environment), packaging, p);
    }

    /** What the training container may do: read its run's inputs, write its output, pull its image. */
    private Role trainingRole(SiftParameters p, StorageStack storage) {
        Role role = Role.Builder.create(this, "TrainingJobRole")
                .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .description("sift GPU training job: reads training/runs/, writes training/output/")
                .build();
        S3PrefixAccess.read(role, storage.models, storage.modelsKey, BucketLayout.RUNS);
        S3PrefixAccess.write(role, storage.models, storage.modelsKey, BucketLayout.TRAINING_OUTPUT + "*");
        trainingImages.grantPull(role);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                .resources(List.of("arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                        + ":log-group:/aws/sagemaker/TrainingJobs:*"))
                .build());
        return role;
    }

    private StateMachine stateMachine(SiftParameters p, StorageStack storage) {
        LambdaInvoke prepareStep = LambdaInvoke.Builder.create(this, "PrepareTrainingSet")
                .lambdaFunction(prepare)
                .payload(TaskInput.fromObject(Map.of(
                        "execution", JsonPath.stringAt("$$.Execution.Name"),
                        "input", JsonPath.objectAt("$"))))
                .resultSelector(Map.of(
                        "trainData", JsonPath.stringAt("$.Payload.trainData"),
                        "newExamples", JsonPath.numberAt("$.Payload.newExamples")))
                .resultPath("$.prepared")
                .taskTimeout(Timeout.duration(Duration.minutes(15)))
                .build();

        SageMakerCreateTrainingJob train = SageMakerCreateTrainingJob.Builder.create(this, "Train")
                .integrationPattern(IntegrationPattern.RUN_JOB)
                // Job names are unique per account and at most 63 characters; execution names
                // can be 80, so the job gets a fresh UUID and the run prefix ties it to the data.
                .trainingJobName(JsonPath.format("sift-train-{}", JsonPath.uuid()))
                .role(trainingRole)
                .algorithmSpecification(AlgorithmSpecification.builder()
                        .trainingImage(DockerImage.fromEcrRepository(trainingImages, p.trainingImageTag()))
                        .trainingInputMode(InputMode.FILE)
                        .build())
                .inputDataConfig(List.of(Channel.builder()
                        .channelName("train")
                        .dataSource(DataSource.builder().s3DataSource(S3DataSource.builder()
                                .s3DataType(S3DataType.S3_PREFIX)
                                .s3Location(PlainS3Location.fromState("$.prepared.trainData"))
                                .build()).build())
                        .build()))
                // The bucket's default encryption (SSE-KMS, models key) applies to the upload; a
                // KmsKeyId here would only widen the training role's key grants.
                .outputDataConfig(OutputDataConfig.builder()
                        .s3OutputLocation(PlainS3Location.of(
                                "s3://" + storage.models.getBucketName() + "/" + BucketLayout.TRAINING_OUTPUT))
                        .build())
                // No volume KMS key: g5/g6 training instances use local NVMe storage, which
                // SageMaker encrypts itself and for which it refuses a VolumeKmsKeyId.
                .resourceConfig(ResourceConfig.builder()
                        .instanceCount(1)
                        .instanceType(new InstanceType(p.trainingInstanceType()))
                        .volumeSize(Size.gibibytes(50))
                        .build())
                .stoppingCondition(StoppingCondition.builder().maxRuntime(Duration.hours(p.trainingMaxHours())).build())
                // Everything the trainer needs is in its input channel: no network at all.
                .enableNetworkIsolation(true)
                .resultSelector(Map.of(
                        "modelArtifacts", JsonPath.stringAt("$.ModelArtifacts.S3ModelArtifacts"),
                        "trainingJobName", JsonPath.stringAt("$.TrainingJobName")))
                .resultPath("$.trained")
                .build();

        LambdaInvoke evaluateStep = LambdaInvoke.Builder.create(this, "EvaluateChallenger")
                .lambdaFunction(evaluate)
                .payload(TaskInput.fromObject(Map.of(
                        "execution", JsonPath.stringAt("$$.Execution.Name"),
                        "modelArtifacts", JsonPath.stringAt("$.trained.modelArtifacts"))))
                .resultSelector(Map.of(
                        "promote", JsonPath.stringAt("$.Payload.promote"),
                        "challenger", JsonPath.objectAt("$.Payload.challenger"),
                        "details", JsonPath.objectAt("$.Payload.details")))
                .resultPath("$.evaluation")
                .taskTimeout(Timeout.duration(Duration.minutes(15)))
                .build();

        LambdaInvoke promoteStep = LambdaInvoke.Builder.create(this, "PromoteChallenger")
                .lambdaFunction(promote)
                .payload(TaskInput.fromObject(Map.of(
                        "execution", JsonPath.stringAt("$$.Execution.Name"),
                        "challenger", JsonPath.objectAt("$.evaluation.challenger"),
                        "details", JsonPath.objectAt("$.evaluation.details"))))
                .resultSelector(Map.of("champion", JsonPath.objectAt("$.Payload.champion")))
                .resultPath("$.promoted")
                .build();

        var definition = prepareStep.next(Choice.Builder.create(this, "AnythingNewToLearn").build()
                .when(Condition.numberGreaterThan("$.prepared.newExamples", 0), train
                        .next(evaluateStep)
                        .next(Choice.Builder.create(this, "ChallengerNotWorse").build()
                                .when(Condition.booleanEquals("$.evaluation.promote", true),
                                        promoteStep.next(Succeed.Builder.create(this, "Promoted").build()))
                                .otherwise(Succeed.Builder.create(this, "ChampionKept").build())))
                .otherwise(Succeed.Builder.create(this, "NothingNewToTrainOn").build()));

        LogGroup logs = LogGroup.Builder.create(this, "RetrainLogs")
                .retention(Retention.days(p.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        return StateMachine.Builder.create(this, "Retrain")
                .comment("sift: prepare → train (GPU) → evaluate → promote")
                .definitionBody(DefinitionBody.fromChainable(definition))
                .timeout(Duration.hours(p.trainingMaxHours() + 1L))
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
                .build();
    }

    private Function feedbackThresholdCheck(SiftParameters p, StorageStack storage) {
        Role role = Role.Builder.create(this, "FeedbackCheckRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("sift: count new feedback records, start a retrain")
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "FeedbackCheckLogs")
                .retention(Retention.days(p.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        logs.grantWrite(role);
        // Listing returns keys and dates only: no GetObject, no key to decrypt with.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(storage.feedback.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(BucketLayout.FEEDBACK + "*"))))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:ListExecutions", "states:StartExecution"))
                .resources(List.of(retrain.getStateMachineArn()))
                .build());
        return Function.Builder.create(this, "FeedbackCheck")
                .description("sift: start a retrain when >= " + p.feedbackThreshold() + " new feedback records arrived since the last one")
                .code(Code.fromInline(resource("feedback-threshold.js")))
                .handler("index.handler")
                .runtime(Runtime.NODEJS_24_X)
                .architecture(FunctionPackaging.ARCHITECTURE)
                .memorySize(256)
                .timeout(Duration.minutes(5))
                .role(role)
                .logGroup(logs)
                .environment(Map.of(
                        "STATE_MACHINE_ARN", retrain.getStateMachineArn(),
                        "FEEDBACK_BUCKET", storage.feedback.getBucketName(),
                        "FEEDBACK_PREFIX", BucketLayout.FEEDBACK,
                        // Which keys under the prefix are records (the rest are idempotency markers):
                        // the Java store's layout, as feedback-layout.json states it.
                        "FEEDBACK_LAYOUT", resource("feedback-layout.json"),
                        "FEEDBACK_THRESHOLD", Integer.toString(p.feedbackThreshold())))
                .build();
    }

    /** {@code SIFT_PIPELINE_MODEL_REGISTRY} of the pipeline functions: the S3 registry, without serving's {@code registry:} scheme. */
    static String modelRegistry(StorageStack storage) {
        return "s3://" + storage.models.getBucketName() + "/" + BucketLayout.REGISTRY.replaceAll("/$", "");
    }

    static String resource(String name) {
        try (InputStream in = TrainingStack.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource dev/sift/infra/" + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void suppressFindings() {
        for (IConstruct role : List.of(prepare.getRole(), evaluate.getRole(), promote.getRole(), trainingRole)) {
            Suppressions.add(role, "AwsSolutions-IAM5",
                    "S3 access is granted per key prefix of BucketLayout (registry/, registry/bundles/, training/datasets/,"
                            + " training/runs/, training/output/, feedback/): a step reads or writes objects whose names it"
                            + " learns at run time, so prefix/* is the narrowest resource",
                    Suppressions.matching("/^Resource::.*\\/(registry|registry\\/bundles|training\\/datasets|training\\/runs"
                            + "|training\\/output|feedback)\\/\\*$/"));
        }
        Suppressions.add(trainingRole, "AwsSolutions-IAM5",
                "ecr:GetAuthorizationToken has no resource-level permissions; the image pull itself is limited to the training"
                        + " repository",
                "Resource::*");
        Suppressions.add(trainingRole, "AwsSolutions-IAM5",
                "SageMaker names a training job's log streams at run time inside /aws/sagemaker/TrainingJobs; the grant is"
                        + " limited to that one log group",
                "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/TrainingJobs:*");
        Suppressions.add(retrain, "AwsSolutions-IAM5",
                "Step Functions' Lambda integration invokes a function's versions and aliases as well (<arn>:*); the three"
                        + " functions are this stack's own",
                Suppressions.matching("/^Resource::<(Prepare|Evaluate|Promote)[0-9A-F]{8}\\.Arn>:\\*$/"));
        Suppressions.add(retrain, "AwsSolutions-IAM5",
                "Training job names are generated per run (sift-train-<uuid>), so Create/Describe/Stop/AddTags are granted on"
                        + " training-job/* in this account and region",
                "Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:training-job/*");
        Suppressions.add(retrain, "AwsSolutions-IAM5",
                "Actions without resource-level permissions, added by CDK for the integrations in use: X-Ray trace upload"
                        + " (tracing), CloudWatch Logs delivery (execution logging), sagemaker:ListTags (.sync training job)",
                "Resource::*");
    }
}
