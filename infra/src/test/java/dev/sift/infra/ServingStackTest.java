package dev.sift.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.sift.infra.SiftParameters.ServingFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ServingStackTest {
    private static SiftApp.SiftStacks stacks;
    private static ServingStack serving;
    private static Template template;

    @BeforeAll
    static void synth() {
        stacks = TestApps.synth(Map.of());
        serving = stacks.serving();
        template = Template.fromStack(serving);
    }

    private static Map<String, Object> function(ServingFunction f) {
        return Templates.properties(template.findResources("AWS::Lambda::Function").get(Templates.logicalId(serving.functions.get(f).function)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(ServingFunction f) {
        return (Map<String, Object>) ((Map<String, Object>) function(f).get("Environment")).get("Variables");
    }

    @Test
    void functionsRunJava21WithSnapStartAndC1OnlyOnArm64ByDefault() {
        // The default is what `make lambda` builds and the packaging tests run: JVM zips, not a native image.
        template.resourceCountIs("AWS::Lambda::Function", 5);
        template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))))));
        assertJavaHandlers(template);
    }

    /** The direct and the HTTP API functions name sift's Java handlers. */
    private static void assertJavaHandlers(Template t) {
        t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Description", "sift classify (direct invocation)",
                "Handler", "dev.sift.serving.DirectInvocationHandler::handleRequest"));
        t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Description", "sift HTTP API: POST /classify, POST /preprocess, GET /health",
                "Handler", "dev.sift.serving.ApiGatewayHandler::handleRequest"));
    }

    @Test
    void nativeOptionRunsProvidedAl2023WithoutSnapStart() {
        Template nativeBuild = Template.fromStack(TestApps.synth(Map.of("runtime", "native")).serving());
        nativeBuild.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "provided.al2023",
                "Handler", "not.used.in.provided.runtime",
                "Architectures", List.of("arm64"),
                "SnapStart", Match.absent(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of("DISABLE_SIGNAL_HANDLERS", "true"))))));
    }

    @Test
    void bundledJvmOptionRunsProvidedAl2023OnX86WithTheJavaHandlersAndProvisionedConcurrency() {
        // The bootstrap passes _HANDLER (the function's handler) to the runtime client, as the managed runtime does.
        ServingStack bundled = TestApps.synth(Map.of("runtime", "bundled-jvm", "classifyProvisionedConcurrency", "1")).serving();
        Template t = Template.fromStack(bundled);
        t.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "provided.al2023",
                "Architectures", List.of("x86_64"),
                "SnapStart", Match.absent(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "JAVA_TOOL_OPTIONS", Match.absent(), "DISABLE_SIGNAL_HANDLERS", Match.absent()))))));
        assertJavaHandlers(t);
        t.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live", "ProvisionedConcurrencyConfig", Map.of("ProvisionedConcurrentExecutions", 1)));
    }

    @Test
    void threeDirectFunctionsDifferOnlyInTheirFunqyExportFeedbackAndPredictionLogSettings() {
        Map<String, Object> classify = new TreeMap<>(function(ServingFunction.CLASSIFY));
        for (ServingFunction f : List.of(ServingFunction.PREPROCESS, ServingFunction.FEEDBACK)) {
            Map<String, Object> other = new TreeMap<>(function(f));
            assertEquals(f.key, environment(f).get("QUARKUS_FUNQY_EXPORT"));
            for (String same : List.of("Code", "Handler", "Runtime", "Architectures", "Timeout")) {
                assertEquals(classify.get(same), other.get(same), same + " of " + f.key);
            }
        }
        assertEquals("classify", environment(ServingFunction.CLASSIFY).get("QUARKUS_FUNQY_EXPORT"));
        assertEquals(Set.of("JAVA_TOOL_OPTIONS", "QUARKUS_FUNQY_EXPORT", "SIFT_MODEL_BUNDLE", "SIFT_MODEL_REVISION",
                "SIFT_FEEDBACK_STORE", "SIFT_PREDICTIONS_STORE", "SIFT_PREDICTIONS_SAMPLE_RATE", "SIFT_PREDICTIONS_KEEP_TEXT"),
                environment(ServingFunction.CLASSIFY).keySet());
        assertEquals(Set.of("JAVA_TOOL_OPTIONS", "QUARKUS_FUNQY_EXPORT", "SIFT_MODEL_BUNDLE", "SIFT_MODEL_REVISION",
                "SIFT_FEEDBACK_STORE"), environment(ServingFunction.PREPROCESS).keySet());
        for (ServingFunction f : ServingFunction.values()) {
            if (!f.writesFeedback()) {
                assertEquals("none", environment(f).get("SIFT_FEEDBACK_STORE"), f.key + " takes no feedback: no store to open at init");
            }
        }
        assertEquals(Set.of("JAVA_TOOL_OPTIONS", "QUARKUS_FUNQY_EXPORT", "SIFT_MODEL_BUNDLE", "SIFT_MODEL_REVISION",
                "SIFT_FEEDBACK_STORE", "SIFT_FEEDBACK_REDACT"), environment(ServingFunction.FEEDBACK).keySet());
        assertEquals("true", environment(ServingFunction.FEEDBACK).get("SIFT_FEEDBACK_REDACT"));
    }

    @Test
    void everyFunctionServesTheChampionOfTheS3Registry() {
        String models = Templates.logicalId(stacks.storage().models);
        for (ServingFunction f : ServingFunction.values()) {
            String bundle = Templates.flatten(environment(f).get("SIFT_MODEL_BUNDLE"));
            assertTrue(bundle.startsWith("registry:s3://<") && bundle.contains(models) && bundle.endsWith(">/registry"), bundle);
        }
        String store = Templates.flatten(environment(ServingFunction.HTTP_FEEDBACK).get("SIFT_FEEDBACK_STORE"));
        assertTrue(store.startsWith("s3://<") && store.contains(Templates.logicalId(stacks.storage().feedback))
                && store.endsWith(">/feedback"), store);
    }

    @Test
    void memoryAndConcurrencyAreParameters() {
        assertEquals(2048, function(ServingFunction.CLASSIFY).get("MemorySize"));
        assertEquals(1024, function(ServingFunction.PREPROCESS).get("MemorySize"));
        assertNull(function(ServingFunction.CLASSIFY).get("ReservedConcurrentExecutions"));

        // Provisioned concurrency is the native build's option: Lambda does not combine it with SnapStart.
        ServingStack tuned = TestApps.synth(Map.of("runtime", "native",
                "classifyMemoryMb", "3008", "classifyReservedConcurrency", "50", "classifyProvisionedConcurrency", "2",
                "memoryMb", "1536")).serving();
        Template t = Template.fromStack(tuned);
        t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Description", "sift classify (direct invocation)", "MemorySize", 3008, "ReservedConcurrentExecutions", 50));
        t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Description", "sift preprocess (direct invocation)", "MemorySize", 1536));
        t.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live", "ProvisionedConcurrencyConfig", Map.of("ProvisionedConcurrentExecutions", 2)));
    }

    @Test
    void snapStartAndProvisionedConcurrencyAreRefusedTogether() {
        var e = assertThrows(RuntimeException.class,
                () -> TestApps.synth(Map.of("classifyProvisionedConcurrency", "1")));
        assertTrue(e.getMessage().contains("SnapStart"), e.getMessage());
    }

    @Test
    void liveAliasHasCanaryDeploymentThatRollsBackOnAlarms() {
        template.resourceCountIs("AWS::Lambda::Alias", 5);
        template.allResources("AWS::Lambda::Alias", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("Name", "live")),
                "UpdatePolicy", Map.of("CodeDeployLambdaAliasUpdate", Match.objectLike(Map.of(
                        "ApplicationName", Map.of("Ref", Match.anyValue()),
                        "DeploymentGroupName", Map.of("Ref", Match.anyValue())))))));
        template.resourceCountIs("AWS::CodeDeploy::DeploymentGroup", 5);
        template.allResourcesProperties("AWS::CodeDeploy::DeploymentGroup", Match.objectLike(Map.of(
                "DeploymentConfigName", "CodeDeployDefault.LambdaCanary10Percent5Minutes",
                "AutoRollbackConfiguration", Map.of("Enabled", true, "Events", Match.arrayWith(List.of(
                        "DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM"))),
                "AlarmConfiguration", Map.of("Enabled", true, "Alarms", List.of(Map.of("Name", Map.of("Ref", Match.anyValue())))))));
        for (ServingFunction f : ServingFunction.values()) {
            CanaryFunction fn = serving.functions.get(f);
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "MetricName", "Errors",
                    "Period", 60,
                    "Dimensions", Match.arrayWith(List.of(Map.of("Name", "Resource", "Value",
                            Map.of("Fn::Join", List.of("", List.of(Map.of("Ref", Templates.logicalId(fn.function)), ":live"))))))));
        }
    }

    @Test
    void aNewModelRevisionPublishesNewVersionsThroughTheCanary() {
        Template next = Template.fromStack(TestApps.synth(Map.of("modelRevision", "2026-02-01")).serving());
        next.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("SIFT_MODEL_REVISION", "2026-02-01"))))));
        // The version's logical id hashes the configuration: a new revision is a new version.
        assertFalse(next.findResources("AWS::Lambda::Version").keySet().stream()
                .anyMatch(template.findResources("AWS::Lambda::Version").keySet()::contains));
    }

    @Test
    void deploymentConfigIsAParameter() {
        Template linear = Template.fromStack(TestApps.synth(Map.of("deploymentConfig", "Linear10PercentEvery1Minute")).serving());
        linear.allResourcesProperties("AWS::CodeDeploy::DeploymentGroup", Match.objectLike(Map.of(
                "DeploymentConfigName", "CodeDeployDefault.LambdaLinear10PercentEvery1Minute")));
        assertThrows(IllegalArgumentException.class, () -> ServingStack.deploymentConfig("Canary50Percent"));
    }

    @Test
    void httpApiRoutesTheFourPathsToLiveAliases() {
        Map<String, String> targets = new HashMap<>();
        Map<String, Map<String, Object>> integrations = template.findResources("AWS::ApiGatewayV2::Integration");
        for (Map<String, Object> route : template.findResources("AWS::ApiGatewayV2::Route").values()) {
            Map<String, Object> p = Templates.properties(route);
            String integration = Templates.flatten(p.get("Target")).replaceAll("integrations/<\\{\"Ref\":\"(.*)\"}>", "$1");
            Map<String, Object> ip = Templates.properties(integrations.get(integration));
            assertEquals("2.0", ip.get("PayloadFormatVersion"));
            targets.put((String) p.get("RouteKey"), Templates.json(ip.get("IntegrationUri")));
        }
        String http = Templates.json(Map.of("Ref", Templates.logicalId(serving.functions.get(ServingFunction.HTTP).live)));
        String httpFeedback = Templates.json(Map.of("Ref", Templates.logicalId(serving.functions.get(ServingFunction.HTTP_FEEDBACK).live)));
        assertEquals(Map.of("POST /classify", http, "POST /preprocess", http, "GET /health", http, "POST /feedback", httpFeedback), targets);
    }

    @Test
    void healthRouteRewritesThePathToTheReadinessCheck() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
                "RequestParameters", Map.of("overwrite:path", "/q/health/ready")));
        // ...and no other integration rewrites anything.
        assertEquals(1, template.findResources("AWS::ApiGatewayV2::Integration", Map.of(
                "Properties", Map.of("RequestParameters", Match.anyValue()))).size());
    }

    private static Map<String, String> authorizationByRoute(Template t) {
        return t.findResources("AWS::ApiGatewayV2::Route").values().stream().map(Templates::properties)
                .collect(Collectors.toMap(p -> (String) p.get("RouteKey"), p -> (String) p.get("AuthorizationType")));
    }

    @Test
    void feedbackRouteRequiresIamByDefaultAndInferenceIsPublic() {
        assertEquals(Map.of("POST /classify", "NONE", "POST /preprocess", "NONE", "GET /health", "NONE", "POST /feedback", "AWS_IAM"),
                authorizationByRoute(template));
        template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    }

    @Test
    void feedbackRouteRequiresJwtWhenAnIssuerIsGiven() {
        Template jwt = Template.fromStack(TestApps.synth(Map.of(
                "jwtIssuer", "https://login.example.com/", "jwtAudience", "sift-api, sift-admin")).serving());
        assertEquals(Map.of("POST /classify", "NONE", "POST /preprocess", "NONE", "GET /health", "NONE", "POST /feedback", "JWT"),
                authorizationByRoute(jwt));
        jwt.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "AuthorizerType", "JWT",
                "IdentitySource", List.of("$request.header.Authorization"),
                "JwtConfiguration", Map.of("Issuer", "https://login.example.com/", "Audience", List.of("sift-api", "sift-admin"))));
        jwt.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of(
                "RouteKey", "POST /feedback", "AuthorizerId", Map.of("Ref", Match.anyValue())));
    }

    @Test
    void authAllRoutesProtectsInferenceButLeavesHealthOpen() {
        Template all = Template.fromStack(TestApps.synth(Map.of("authAllRoutes", "true")).serving());
        assertEquals(Map.of("POST /classify", "AWS_IAM", "POST /preprocess", "AWS_IAM", "GET /health", "NONE", "POST /feedback", "AWS_IAM"),
                authorizationByRoute(all));
    }

    @Test
    void stageIsThrottledWritesAccessLogsAndLimitsFeedbackHarder() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 100, "ThrottlingBurstLimit", 200),
                "RouteSettings", Map.of("POST /feedback", Map.of("ThrottlingRateLimit", 10, "ThrottlingBurstLimit", 20)),
                "AccessLogSettings", Map.of(
                        "DestinationArn", Map.of("Fn::GetAtt", List.of(Templates.logicalId(serving.accessLogs), "Arn")),
                        "Format", Match.stringLikeRegexp(".*\\$context\\.requestId.*\\$context\\.status.*"))));
    }

    /** What each serving function may write, by the prefix of the feedback bucket it writes to. */
    private static Map<String, Set<ServingFunction>> writersByPrefix(Template t, ServingStack s) {
        String feedbackBucket = Templates.logicalId(stacks.storage().feedback);
        Map<String, Set<ServingFunction>> writers = new TreeMap<>();
        for (ServingFunction f : ServingFunction.values()) {
            for (Map<String, Object> statement : Templates.statementsOf(t, Templates.logicalId(s.functions.get(f).role))) {
                boolean write = Templates.actions(statement).stream()
                        .anyMatch(a -> a.startsWith("s3:Put") || a.startsWith("s3:Delete") || a.equals("s3:*"));
                if (write) {
                    assertEquals(List.of("s3:PutObject"), Templates.actions(statement), f.key);
                    String resource = Templates.flatten(statement.get("Resource"));
                    assertTrue(resource.contains(feedbackBucket), f + " writes " + resource);
                    writers.computeIfAbsent(resource.replaceAll("^<[^>]*>", ""), k -> EnumSet.noneOf(ServingFunction.class)).add(f);
                }
            }
        }
        return writers;
    }

    @Test
    void onlyFeedbackFunctionsWriteFeedbackAndOnlyClassifyingFunctionsThePredictionLog() {
        assertEquals(Map.of(
                        "/feedback/*", EnumSet.of(ServingFunction.FEEDBACK, ServingFunction.HTTP_FEEDBACK),
                        "/predictions/*", EnumSet.of(ServingFunction.CLASSIFY, ServingFunction.HTTP)),
                writersByPrefix(template, serving));
    }

    @Test
    void classifyingFunctionsLogSampledPredictionsToTheFeedbackBucket() {
        String feedbackBucket = Templates.logicalId(stacks.storage().feedback);
        for (ServingFunction f : ServingFunction.values()) {
            Map<String, Object> env = environment(f);
            if (f.classifies()) {
                String store = Templates.flatten(env.get("SIFT_PREDICTIONS_STORE"));
                assertTrue(store.startsWith("s3://<") && store.contains(feedbackBucket) && store.endsWith(">/predictions"), store);
                assertEquals("1", env.get("SIFT_PREDICTIONS_SAMPLE_RATE"), f.key);
                assertEquals("false", env.get("SIFT_PREDICTIONS_KEEP_TEXT"), f.key);
            } else {
                assertTrue(env.keySet().stream().noneMatch(k -> k.startsWith("SIFT_PREDICTIONS_")), f.key + " " + env.keySet());
            }
        }
        // Redaction of kept texts is the app's, always on: there is no switch to pass.
        assertFalse(environment(ServingFunction.CLASSIFY).containsKey("SIFT_PREDICTIONS_REDACT"));

        Template tuned = Template.fromStack(TestApps.synth(TestApps.TUNED_MONITORING).serving());
        assertEquals(2, tuned.findResources("AWS::Lambda::Function", Map.of("Properties", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("SIFT_PREDICTIONS_SAMPLE_RATE", "0.25", "SIFT_PREDICTIONS_KEEP_TEXT", "true")))))).size());
    }

    @Test
    void aSampleRateOfZeroTurnsThePredictionLogAndItsGrantsOff() {
        SiftApp.SiftStacks off = TestApps.synth(Map.of("predictionSampleRate", "0"));
        Template t = Template.fromStack(off.serving());
        assertFalse(Templates.json(t.findResources("AWS::Lambda::Function")).contains("SIFT_PREDICTIONS_"));
        assertFalse(Templates.json(t.findResources("AWS::IAM::Policy")).contains("/predictions/"));
        assertEquals(Map.of("/feedback/*", EnumSet.of(ServingFunction.FEEDBACK, ServingFunction.HTTP_FEEDBACK)),
                writersByPrefix(t, off.serving()));
    }

    @Test
    void everyFunctionCanReadOnlyTheModelRegistryPrefix() {
        String models = Templates.logicalId(stacks.storage().models);
        for (ServingFunction f : ServingFunction.values()) {
            List<Map<String, Object>> statements = Templates.statementsOf(template, Templates.logicalId(serving.functions.get(f).role));
            for (Map<String, Object> s : statements) {
                List<String> actions = Templates.actions(s);
                String resource = Templates.flatten(s.get("Resource"));
                assertFalse(actions.stream().anyMatch(a -> a.contains("*")), f + ": wildcard action in " + actions);
                if (actions.contains("s3:GetObject")) {
                    assertTrue(resource.contains(models) && resource.endsWith(">/registry/*"), f + " reads " + resource);
                }
                if (actions.contains("s3:ListBucket")) {
                    assertEquals("{\"StringLike\":{\"s3:prefix\":[\"registry/*\"]}}", Templates.json(s.get("Condition")), f.key);
                }
                if (actions.stream().anyMatch(a -> a.startsWith("kms:"))) {
                    assertNotNull(s.get("Condition"), f + ": KMS use must go through S3");
                }
            }
            assertTrue(statements.stream().anyMatch(s -> Templates.actions(s).contains("s3:GetObject")), f.key);
        }
    }

    @Test
    void everyLogGroupHasARetentionPeriod() {
        template.resourceCountIs("AWS::Logs::LogGroup", 6);
        template.allResourcesProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 30)));
        template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "LoggingConfig", Map.of("LogGroup", Map.of("Ref", Match.anyValue())))));
    }
}
