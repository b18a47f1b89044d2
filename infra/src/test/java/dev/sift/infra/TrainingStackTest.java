package dev.sift.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.IRole;

class TrainingStackTest {
    private static SiftApp.SiftStacks stacks;
    private static TrainingStack training;
    private static Template template;
    private static JsonNode definition;

    @BeforeAll
    static void synth() throws IOException {
        stacks = TestApps.synth(Map.of());
        training = stacks.training();
        template = Template.fromStack(training);
        Map<String, Object> machine = Templates.properties(template.findResources("AWS::StepFunctions::StateMachine")
                .get(Templates.logicalId(training.retrain)));
        // Tokens (function ARNs, bucket names) become "<…>" strings; the JSON around them stays valid.
        definition = new ObjectMapper().readTree(Templates.flatten(machine.get("DefinitionString"))
                .replaceAll("<\\{[^>]*}>", "TOKEN"));
    }

    private static JsonNode state(String name) {
        JsonNode s = definition.path("States").path(name);
        assertFalse(s.isMissingNode(), "no state " + name);
        return s;
    }

    @Test
    void retrainRunsPrepareTrainEvaluatePromoteInOrder() {
        assertEquals("PrepareTrainingSet", definition.path("StartAt").asText());
        List<String> path = new ArrayList<>();
        String name = "PrepareTrainingSet";
        while (name != null) {
            path.add(name);
            JsonNode s = state(name);
            name = switch (s.path("Type").asText()) {
                case "Choice" -> s.path("Choices").get(0).path("Next").asText();
                case "Succeed" -> null;
                default -> s.path("Next").asText();
            };
        }
        assertEquals(List.of("PrepareTrainingSet", "AnythingNewToLearn", "Train", "EvaluateChallenger", "ChallengerNotWorse",
                "PromoteChallenger", "Promoted"), path);
        assertTrue(state("PrepareTrainingSet").path("Resource").asText().endsWith(":states:::lambda:invoke"));
        assertEquals("arn:TOKEN:states:::sagemaker:createTrainingJob.sync", state("Train").path("Resource").asText());
        assertEquals("$.prepared.newExamples", state("AnythingNewToLearn").path("Choices").get(0).path("Variable").asText());
        assertEquals("NothingNewToTrainOn", state("AnythingNewToLearn").path("Default").asText());
        assertEquals("$.evaluation.promote", state("ChallengerNotWorse").path("Choices").get(0).path("Variable").asText());
        assertEquals("ChampionKept", state("ChallengerNotWorse").path("Default").asText());
    }

    @Test
    void pipelineStepsAreThePipelineZipsHandlersOnTheJvm() {
        for (var step : Map.of(training.prepare, "prepareTrainingSet", training.evaluate, "evaluateChallenger",
                training.promote, "promoteChallenger").entrySet()) {
            template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", Match.absent(),
                    "Description", Match.anyValue(),
                    "Runtime", "java21",
                    "Handler", "dev.sift.pipeline.lambda.RetrainStepHandlers::" + step.getValue(),
                    "Timeout", 900,
                    "Role", Map.of("Fn::GetAtt", List.of(Templates.logicalId(step.getKey().getRole()), "Arn")),
                    "Environment", Map.of("Variables", Match.not(Match.objectLike(Map.of("QUARKUS_FUNQY_EXPORT", Match.anyValue()))))));
        }
    }

    @Test
    void pipelineStepsStayOnTheJvmWhenServingIsNative() {
        Template nativeServing = Template.fromStack(TestApps.synth(Map.of("runtime", "native")).training());
        nativeServing.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of(
                "Handler", Match.stringLikeRegexp("dev\\.sift\\.pipeline\\.lambda\\.RetrainStepHandlers::.*"),
                "Runtime", "java21"), 3);
    }

    @Test
    void trainingRunsOnOneGpuInstanceWithoutNetworkAccess() {
        JsonNode p = state("Train").path("Parameters");
        assertEquals("ml.g5.xlarge", p.path("ResourceConfig").path("InstanceType").asText());
        assertEquals(1, p.path("ResourceConfig").path("InstanceCount").asInt());
        assertTrue(p.path("EnableNetworkIsolation").asBoolean());
        assertEquals(4 * 3600, p.path("StoppingCondition").path("MaxRuntimeInSeconds").asInt());
        assertEquals("$.prepared.trainData", p.path("InputDataConfig").get(0).path("DataSource").path("S3DataSource").path("S3Uri.$").asText());
        assertTrue(p.path("AlgorithmSpecification").path("TrainingImage").asText().endsWith(":latest"));
        assertTrue(p.path("OutputDataConfig").path("S3OutputPath").asText().endsWith("/training/output/"));

        Template g6 = Template.fromStack(TestApps.synth(Map.of(
                "trainingInstanceType", "g6.2xlarge", "trainingImageTag", "2026-01-15", "trainingMaxHours", "2")).training());
        String machine = Templates.json(g6.findResources("AWS::StepFunctions::StateMachine"));
        assertTrue(machine.contains("ml.g6.2xlarge") && machine.contains(":2026-01-15") && machine.contains("7200"), machine);
    }

    @Test
    void retrainStartsWeeklyAndWhenEnoughFeedbackArrived() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "cron(0 3 ? * MON *)",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", Templates.logicalId(training.retrain)),
                        "Input", "{\"trigger\":\"schedule\"}")))));
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(1 hour)",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Fn::GetAtt", List.of(Templates.logicalId(training.feedbackThresholdCheck), "Arn")))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "index.handler",
                "Code", Map.of("ZipFile", Match.stringLikeRegexp("[\\s\\S]*ListObjectsV2Command[\\s\\S]*StartExecutionCommand[\\s\\S]*")),
                "Environment", Map.of("Variables", Map.of(
                        "STATE_MACHINE_ARN", Map.of("Ref", Templates.logicalId(training.retrain)),
                        "FEEDBACK_BUCKET", Match.anyValue(),
                        "FEEDBACK_PREFIX", "feedback/",
                        "FEEDBACK_LAYOUT", TrainingStack.resource("feedback-layout.json"),
                        "FEEDBACK_THRESHOLD", "1000"))));

        Template tuned = Template.fromStack(TestApps.synth(Map.of("feedbackThreshold", "250", "retrainSchedule", "rate(1 day)")).training());
        tuned.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(1 day)"));
        tuned.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("FEEDBACK_THRESHOLD", "250")))));
    }

    @Test
    void feedbackCheckFitsLambdasInlineCodeLimit() {
        assertTrue(TrainingStack.resource("feedback-threshold.js").length() <= 4096, "inline ZipFile code is limited to 4 KB");
    }

    @Test
    void feedbackCheckDecisionPassesItsNodeTests() throws Exception {
        Process node = new ProcessBuilder("node", "--test", "src/test/node/").redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node --test did not finish");
        assertEquals(0, node.exitValue(), out);
        assertTrue(out.contains("# fail 0") && !out.contains("# pass 0"), out);
    }

    private static List<String> writes(IRole role) {
        List<String> written = new ArrayList<>();
        for (Map<String, Object> s : Templates.statementsOf(template, Templates.logicalId(role))) {
            if (Templates.actions(s).stream().anyMatch(a -> a.startsWith("s3:Put") || a.startsWith("s3:Delete"))) {
                written.add(Templates.flatten(s.get("Resource")).replaceAll("^<[^>]*>", ""));
            }
        }
        return written;
    }

    private static List<String> reads(IRole role) {
        List<String> read = new ArrayList<>();
        for (Map<String, Object> s : Templates.statementsOf(template, Templates.logicalId(role))) {
            if (Templates.actions(s).contains("s3:GetObject")) {
                read.add(Templates.flatten(s.get("Resource")).replaceAll("^<[^>]*>", ""));
            }
        }
        return read;
    }

    @Test
    void onlyPromoteMovesTheChampionPointer() {
        assertEquals(List.of("/registry/champion.json", "/registry/history.jsonl"), writes(training.promote.getRole()));
        assertEquals(List.of("/registry/bundles/*", "/registry/history.jsonl"), writes(training.evaluate.getRole()));
        assertEquals(List.of("/training/runs/*"), writes(training.prepare.getRole()));
        assertEquals(List.of("/training/output/*"), writes(training.trainingRole));
    }

    @Test
    void eachStepReadsOnlyThePrefixesItNeeds() {
        assertEquals(List.of("/feedback/*", "/training/datasets/*", "/registry/*"), reads(training.prepare.getRole()));
        assertEquals(List.of("/training/output/*", "/training/datasets/*", "/registry/*"), reads(training.evaluate.getRole()));
        assertEquals(List.of("/registry/*"), reads(training.promote.getRole()));
        assertEquals(List.of("/training/runs/*"), reads(training.trainingRole));
        assertEquals(List.of(), reads(training.feedbackThresholdCheck.getRole()));
    }

    @Test
    void stateMachineLogsEveryEventAndTraces() {
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "TracingConfiguration", Map.of("Enabled", true),
                "LoggingConfiguration", Map.of("Level", "ALL", "IncludeExecutionData", true, "Destinations", Match.anyValue())));
    }

    @Test
    void trainingImagesLiveInAScannedRepositoryAndSageMakerLogsExpire() {
        template.hasResourceProperties("AWS::ECR::Repository", Map.of(
                "RepositoryName", "sift-training",
                "ImageScanningConfiguration", Map.of("ScanOnPush", true),
                "LifecyclePolicy", Match.anyValue()));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/sagemaker/TrainingJobs", "RetentionInDays", 30));
        Template without = Template.fromStack(TestApps.synth(Map.of("createSageMakerLogGroup", "false")).training());
        assertTrue(without.findResources("AWS::Logs::LogGroup", Map.of("Properties",
                Map.of("LogGroupName", "/aws/sagemaker/TrainingJobs"))).isEmpty());
    }
}
