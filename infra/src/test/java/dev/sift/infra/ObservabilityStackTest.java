package dev.sift.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sift.infra.SiftParameters.ServingFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ObservabilityStackTest {
    private static SiftApp.SiftStacks stacks;
    private static Template template;

    @BeforeAll
    static void synth() {
        stacks = TestApps.synth(Map.of());
        template = Template.fromStack(stacks.observability());
    }

    /** An alarm like {@code alarm} on a metric of the function with this logical id (exported by the serving stack). */
    private static void hasFunctionAlarm(String functionLogicalId, Map<String, Object> alarm) {
        Map<String, Object> expected = new HashMap<>(alarm);
        expected.put("Namespace", "AWS/Lambda");
        expected.put("Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Match.objectLike(Map.of(
                "Fn::ImportValue", Match.stringLikeRegexp(".*Ref" + functionLogicalId + ".*"))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", expected);
    }

    @Test
    void everyServingFunctionHasErrorThrottleAndP99DurationAlarms() {
        for (ServingFunction f : ServingFunction.values()) {
            String fn = Templates.logicalId(stacks.serving().functions.get(f).function);
            hasFunctionAlarm(fn, Map.of("MetricName", "Errors", "Statistic", "Sum", "Period", 300, "Threshold", 5));
            hasFunctionAlarm(fn, Map.of("MetricName", "Throttles", "Statistic", "Sum", "Threshold", 1));
            hasFunctionAlarm(fn, Map.of("MetricName", "Duration", "ExtendedStatistic", "p99", "Threshold", 2000,
                    "EvaluationPeriods", 3));
        }
    }

    @Test
    void apiAndRetrainFailuresAreAlarmed() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/ApiGateway", "MetricName", "5xx"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/ApiGateway", "MetricName", "Latency", "ExtendedStatistic", "p99"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/States", "MetricName", "ExecutionsFailed", "Threshold", 1));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/States", "MetricName", "ExecutionsTimedOut"));
        // 5 functions x 3, API x 2, retrain x 2, feedback check x 1, confidence and abstentions x 2,
        // drift, the monitor's errors and dropped predictions x 3
        template.resourceCountIs("AWS::CloudWatch::Alarm", 25);
    }

    /** An alarm like {@code alarm} on one of the apps' own (EMF) metrics. */
    private static void hasSiftAlarm(Template t, Map<String, Object> alarm) {
        Map<String, Object> expected = new HashMap<>(alarm);
        expected.put("Namespace", "sift");
        t.hasResourceProperties("AWS::CloudWatch::Alarm", expected);
    }

    @Test
    void lowConfidenceAndManyAbstentionsOfClassifyAreAlarmedForThreeHours() {
        hasSiftAlarm(template, Map.of(
                "MetricName", "TopScore", "Statistic", "Average", "Period", 3600,
                "Dimensions", List.of(Map.of("Name", "Function", "Value", "classify")),
                "ComparisonOperator", "LessThanThreshold", "Threshold", 0.7, "EvaluationPeriods", 3));
        // Per text, not per request: Abstentions / Texts of the same hour.
        Map<String, Object> classify = Map.of("Name", "Function", "Value", "classify");
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "ComparisonOperator", "GreaterThanThreshold", "Threshold", 0.2, "EvaluationPeriods", 3,
                "Metrics", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Expression", "abstentions / texts", "ReturnData", true)),
                        Match.objectLike(Map.of("Id", "abstentions", "ReturnData", false, "MetricStat", Map.of(
                                "Metric", Map.of("Namespace", "sift", "MetricName", "Abstentions", "Dimensions", List.of(classify)),
                                "Period", 3600, "Stat", "Sum"))),
                        Match.objectLike(Map.of("Id", "texts", "ReturnData", false, "MetricStat", Map.of(
                                "Metric", Map.of("Namespace", "sift", "MetricName", "Texts", "Dimensions", List.of(classify)),
                                "Period", 3600, "Stat", "Sum")))))));

        Template tuned = Template.fromStack(TestApps.synth(TestApps.TUNED_MONITORING).observability());
        hasSiftAlarm(tuned, Map.of("MetricName", "TopScore", "Threshold", 0.55));
        tuned.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("ComparisonOperator", "GreaterThanThreshold", "Threshold", 0.1));
    }

    @Test
    void driftTheMonitorsFailuresAndDroppedPredictionsAreAlarmed() {
        // The monitor reports once a day, without dimensions: a day's Maximum of its 0/1 Drift metric.
        hasSiftAlarm(template, Map.of(
                "MetricName", "Drift", "Statistic", "Maximum", "Period", 86400, "Dimensions", Match.absent(),
                "ComparisonOperator", "GreaterThanOrEqualToThreshold", "Threshold", 1, "EvaluationPeriods", 1));
        hasFunctionAlarm(Templates.logicalId(stacks.training().monitor.function), Map.of(
                "MetricName", "Errors", "Statistic", "Sum", "Period", 86400, "Threshold", 1));
        hasSiftAlarm(template, Map.of(
                "MetricName", "PredictionsDropped", "Statistic", "Sum", "Period", 3600,
                "Dimensions", List.of(Map.of("Name", "Function", "Value", "classify")),
                "ComparisonOperator", "GreaterThanOrEqualToThreshold", "Threshold", 1));
    }

    @Test
    void aSampleRateOfZeroDropsTheDriftAndPredictionLogAlarmsButKeepsConfidence() {
        Template off = Template.fromStack(TestApps.synth(Map.of("predictionSampleRate", "0")).observability());
        off.resourceCountIs("AWS::CloudWatch::Alarm", 22);
        for (String metric : List.of("Drift", "PredictionsDropped")) {
            off.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of("MetricName", metric), 0);
        }
        off.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of("MetricName", "TopScore"), 1);
        String body = dashboardBody(off);
        assertFalse(body.contains("DriftScore") || body.contains("PredictionsDropped"), body);
        assertTrue(body.contains("TopScore"), body);
    }

    /** The dashboard's body, its joins flattened (alarm ARNs and function names are tokens). */
    private static String dashboardBody(Template t) {
        Map<String, Map<String, Object>> dashboards = t.findResources("AWS::CloudWatch::Dashboard");
        assertEquals(1, dashboards.size());
        return Templates.flatten(Templates.properties(dashboards.values().iterator().next()).get("DashboardBody"));
    }

    @Test
    void dashboardShowsTrafficLatencyLabelMixConfidenceDriftAndEveryAlarm() {
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "sift"));
        String body = dashboardBody(template);
        for (String expected : List.of(
                "[\"sift\",\"Requests\",\"Function\",\"classify\"", "[\"sift\",\"Requests\",\"Function\",\"classifyBatch\"",
                "\"Latency\"", "\"stat\":\"p50\"", "\"stat\":\"p99\"",
                "[\"AWS/Lambda\",\"Duration\"",
                "SEARCH('{sift,Function,Label} MetricName=\\\"Predictions\\\" Function=\\\"classify\\\"', 'Sum', 3600)",
                "\"TopScore\"", "abstentions / texts", "\"DriftScore\"", "\"DriftThreshold\"", "\"EstimatedAccuracy\"",
                "\"PredictionsDropped\"", "\"type\":\"alarm\"")) {
            assertTrue(body.contains(expected), expected + " not in " + body);
        }
        for (ServingFunction f : ServingFunction.values()) {
            assertTrue(body.contains(Templates.logicalId(stacks.serving().functions.get(f).function)), f.key + " duration");
        }
        for (var alarm : stacks.observability().all) {
            assertTrue(body.contains("\"" + Templates.logicalId(alarm) + "\""), Templates.logicalId(alarm) + " in the alarm status widget");
        }
        // The confidence and abstention graphs show where their alarms fire.
        assertTrue(body.contains("\"value\":0.7") && body.contains("\"value\":0.2"), body);
    }

    @Test
    void thresholdsAreParameters() {
        Template tuned = Template.fromStack(TestApps.synth(Map.of("p99DurationMs", "800", "errorAlarmThreshold", "2")).observability());
        tuned.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Duration", "Threshold", 800));
        tuned.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Errors", "Threshold", 2));
    }

    @Test
    void everyAlarmNotifiesTheEncryptedTlsOnlyTopic() {
        String topic = Templates.logicalId(stacks.observability().alarms);
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmActions", List.of(Map.of("Ref", topic)),
                "TreatMissingData", "notBreaching")));
        template.hasResourceProperties("AWS::SNS::Topic", Map.of(
                "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(Templates.logicalId(stacks.observability().alarmsKey), "Arn"))));
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Principal", Map.of("Service", "cloudwatch.amazonaws.com"))))))));
        template.resourceCountIs("AWS::SNS::Subscription", 0);
    }

    @Test
    void alarmEmailSubscribesToTheTopic() {
        Template withEmail = Template.fromStack(TestApps.synth(Map.of("alarmEmail", "oncall@example.com")).observability());
        withEmail.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "oncall@example.com"));
        assertEquals(1, withEmail.findResources("AWS::SNS::Subscription").size());
    }
}
