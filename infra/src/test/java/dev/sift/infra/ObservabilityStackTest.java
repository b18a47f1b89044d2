package dev.sift.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        // 5 functions x 3, API x 2, retrain x 2, feedback check x 1
        template.resourceCountIs("AWS::CloudWatch::Alarm", 20);
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
