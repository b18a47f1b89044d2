package dev.sift.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AWS Solutions pack over every stack, exactly as {@code cdk synth} runs it
 * ({@link SiftApp#addChecks}): no unsuppressed error, and every suppression gives its reason.
 */
class CdkNagTest {

    @Test
    void awsSolutionsChecksFindNoUnsuppressedErrorsInTheDefaultDeployment() {
        assertNoErrors(TestApps.synth(Map.of()));
    }

    @Test
    void awsSolutionsChecksFindNoUnsuppressedErrorsInTheNativeJwtVariant() {
        assertNoErrors(TestApps.synth(Map.of("runtime", "native", "jwtIssuer", "https://login.example.com/",
                "jwtAudience", "sift-api", "authAllRoutes", "true", "alarmEmail", "oncall@example.com")));
    }

    @Test
    void awsSolutionsChecksFindNoUnsuppressedErrorsInTheBundledJvmVariant() {
        assertNoErrors(TestApps.synth(Map.of("runtime", "bundled-jvm", "classifyProvisionedConcurrency", "1")));
    }

    @Test
    void awsSolutionsChecksFindNoUnsuppressedErrorsWithThePredictionLogOff() {
        assertNoErrors(TestApps.synth(Map.of("predictionSampleRate", "0")));
    }

    @Test
    void everySuppressionNamesItsRuleAndAReason() {
        List<String> suppressions = new ArrayList<>();
        for (Stack stack : TestApps.synth(Map.of()).all()) {
            for (var resource : Template.fromStack(stack).toJSON().entrySet()) {
                if (!resource.getKey().equals("Resources")) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) resource.getValue();
                resources.forEach((id, r) -> collect(stack, id, r, suppressions));
            }
        }
        assertFalse(suppressions.isEmpty());
    }

    @Test
    void feedbackRouteAuthorizationIsCheckedNeverSuppressed() {
        Template serving = Template.fromStack(TestApps.synth(Map.of()).serving());
        serving.hasResource("AWS::ApiGatewayV2::Route", Map.of(
                "Properties", Match.objectLike(Map.of("RouteKey", "POST /feedback")),
                "Metadata", Match.absent()));
        // ...while the public routes carry their reasoned APIG4 suppression.
        serving.hasResource("AWS::ApiGatewayV2::Route", Map.of(
                "Properties", Match.objectLike(Map.of("RouteKey", "POST /classify")),
                "Metadata", Map.of("cdk_nag", Map.of("rules_to_suppress", List.of(Match.objectLike(Map.of("id", "AwsSolutions-APIG4")))))));
    }

    @Test
    void batchStackIsCheckedAndSuppressesOnlyNamedWildcardsAndThePinnedRuntime() {
        SiftApp.SiftStacks stacks = TestApps.synth(Map.of());
        assertTrue(stacks.all().contains(stacks.batch()));
        List<String> suppressions = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) Template.fromStack(stacks.batch()).toJSON().get("Resources");
        resources.forEach((id, r) -> collect(stacks.batch(), id, r, suppressions));
        assertFalse(suppressions.isEmpty());
        for (String s : suppressions) {
            assertTrue(s.endsWith(" AwsSolutions-IAM5") || s.endsWith(" AwsSolutions-L1"), s);
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(Stack stack, String id, Map<String, Object> resource, List<String> out) {
        Map<String, Object> metadata = (Map<String, Object>) resource.get("Metadata");
        if (metadata == null || !metadata.containsKey("cdk_nag")) {
            return;
        }
        for (Map<String, Object> rule : (List<Map<String, Object>>) ((Map<String, Object>) metadata.get("cdk_nag")).get("rules_to_suppress")) {
            String ruleId = (String) rule.get("id");
            String reason = (String) rule.get("reason");
            assertTrue(ruleId.startsWith("AwsSolutions-"), ruleId);
            // A reason says why this resource may do what the rule forbids, not just "needed".
            assertTrue(reason != null && reason.length() >= 60, stack.getStackName() + "/" + id + " " + ruleId + ": '" + reason + "'");
            out.add(stack.getStackName() + "/" + id + " " + ruleId);
        }
    }

    private static void assertNoErrors(SiftApp.SiftStacks stacks) {
        StringBuilder report = new StringBuilder();
        int errors = 0;
        for (Stack stack : stacks.all()) {
            List<SynthesisMessage> found = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            errors += found.size();
            for (SynthesisMessage m : found) {
                report.append(stack.getStackName()).append(' ').append(m.getId()).append(": ")
                        .append(String.valueOf(m.getEntry().getData()).lines().findFirst().orElse("")).append('\n');
            }
        }
        assertEquals(0, errors, "unsuppressed cdk-nag errors:\n" + report);
    }
}
