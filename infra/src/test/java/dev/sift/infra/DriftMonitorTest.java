package dev.sift.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DriftMonitorTest {
    private static SiftApp.SiftStacks stacks;
    private static DriftMonitor monitor;
    private static Template template;

    @BeforeAll
    static void synth() {
        stacks = TestApps.synth(Map.of());
        monitor = stacks.training().monitor;
        template = Template.fromStack(stacks.training());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment() {
        Map<String, Object> fn = Templates.properties(template.findResources("AWS::Lambda::Function").get(Templates.logicalId(monitor.function)));
        return (Map<String, Object>) ((Map<String, Object>) fn.get("Environment")).get("Variables");
    }

    /** "<bucket logical id> <action> <resource after the bucket>" for every S3 statement of the monitor's role. */
    private static List<String> s3Access() {
        List<String> access = new ArrayList<>();
        for (Map<String, Object> s : Templates.statementsOf(template, Templates.logicalId(monitor.function.getRole()))) {
            for (String action : Templates.actions(s)) {
                if (!action.startsWith("s3:")) {
                    continue;
                }
                String resource = Templates.flatten(s.get("Resource"));
                String bucket = resource.contains(Templates.logicalId(stacks.storage().models)) ? "models"
                        : resource.contains(Templates.logicalId(stacks.storage().feedback)) ? "feedback" : resource;
                String where = action.equals("s3:ListBucket") ? Templates.json(s.get("Condition")) : resource.replaceAll("^<[^>]*>", "");
                access.add(bucket + " " + action + " " + where);
            }
        }
        return access;
    }

    @Test
    void monitorIsThePipelineZipsMonitorHandlerOnTheJvm() {
        assertNotNull(monitor);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.sift.pipeline.lambda.MonitorHandler::runDailyMonitor",
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "MemorySize", 2048,
                "Timeout", 600,
                "Description", "sift monitor: yesterday's prediction log against the champion's reference; writes"
                        + " monitoring/<date>/monitor.json and the Drift metrics",
                "Role", Map.of("Fn::GetAtt", List.of(Templates.logicalId(monitor.function.getRole()), "Arn")),
                "LoggingConfig", Map.of("LogGroup", Map.of("Ref", Match.anyValue())),
                "SnapStart", Match.absent()));
        // The same code asset as the retrain steps: one pipeline zip.
        Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function");
        assertEquals(Templates.properties(functions.get(Templates.logicalId(stacks.training().prepare))).get("Code"),
                Templates.properties(functions.get(Templates.logicalId(monitor.function))).get("Code"));
        Template nativeServing = Template.fromStack(TestApps.synth(Map.of("runtime", "native")).training());
        nativeServing.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of(
                "Handler", "dev.sift.pipeline.lambda.MonitorHandler::runDailyMonitor", "Runtime", "java21"), 1);
    }

    @Test
    void monitorReadsTheRegistryAndThePredictionLogAndWritesItsReports() {
        Map<String, Object> env = environment();
        assertEquals(List.of("SIFT_MONITOR_REPORTS", "SIFT_PIPELINE_MODEL_REGISTRY", "SIFT_PREDICTIONS_STORE"),
                env.keySet().stream().sorted().toList());
        String registry = Templates.flatten(env.get("SIFT_PIPELINE_MODEL_REGISTRY"));
        assertTrue(registry.startsWith("s3://<") && registry.contains(Templates.logicalId(stacks.storage().models))
                && registry.endsWith(">/registry"), registry);
        // The same value the retrain steps get.
        assertEquals(Templates.flatten(env.get("SIFT_PIPELINE_MODEL_REGISTRY")), Templates.flatten(((Map<?, ?>) ((Map<?, ?>) Templates.properties(
                template.findResources("AWS::Lambda::Function").get(Templates.logicalId(stacks.training().promote)))
                .get("Environment")).get("Variables")).get("SIFT_PIPELINE_MODEL_REGISTRY")));
        String predictions = Templates.flatten(env.get("SIFT_PREDICTIONS_STORE"));
        assertTrue(predictions.contains(Templates.logicalId(stacks.storage().feedback)) && predictions.endsWith(">/predictions"), predictions);
        String reports = Templates.flatten(env.get("SIFT_MONITOR_REPORTS"));
        assertTrue(reports.contains(Templates.logicalId(stacks.storage().models)) && reports.endsWith(">/monitoring"), reports);

        assertEquals(List.of(
                "models s3:GetObject /registry/*",
                "models s3:ListBucket {\"StringLike\":{\"s3:prefix\":[\"registry/*\"]}}",
                "feedback s3:GetObject /predictions/*",
                "feedback s3:ListBucket {\"StringLike\":{\"s3:prefix\":[\"predictions/*\"]}}",
                "models s3:PutObject /monitoring/*"), s3Access());
        for (Map<String, Object> s : Templates.statementsOf(template, Templates.logicalId(monitor.function.getRole()))) {
            if (Templates.actions(s).stream().anyMatch(a -> a.startsWith("kms:"))) {
                assertTrue(Templates.json(s.get("Condition")).contains("kms:ViaService"), "KMS only through S3: " + s);
            }
            assertFalse(Templates.actions(s).stream().anyMatch(a -> a.startsWith("cloudwatch:")), "EMF lines need no PutMetricData");
        }
    }

    @Test
    void monitorRunsDailyOnTheSchedule() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "cron(30 2 * * ? *)",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Fn::GetAtt", List.of(Templates.logicalId(monitor.function), "Arn")),
                        "Input", "{\"trigger\":\"schedule\"}")))));
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "events.amazonaws.com",
                "FunctionName", Map.of("Fn::GetAtt", List.of(Templates.logicalId(monitor.function), "Arn")),
                "SourceArn", Map.of("Fn::GetAtt", List.of(Templates.logicalId(monitor.schedule), "Arn"))));
        Template tuned = Template.fromStack(TestApps.synth(TestApps.TUNED_MONITORING).training());
        tuned.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "cron(0 6 * * ? *)"));
    }

    @Test
    void aSampleRateOfZeroLeavesTheMonitorOut() {
        SiftApp.SiftStacks off = TestApps.synth(Map.of("predictionSampleRate", "0"));
        assertNull(off.training().monitor);
        Template t = Template.fromStack(off.training());
        t.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("Handler", Match.stringLikeRegexp(".*MonitorHandler.*")), 0);
        assertEquals(template.findResources("AWS::Events::Rule").size() - 1, t.findResources("AWS::Events::Rule").size());
        assertFalse(Templates.json(t.toJSON()).contains("/monitoring/"));
    }
}
