package dev.sift.infra;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sift.infra.SiftParameters.ServingFunction;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.MappingValue;
import software.amazon.awscdk.services.apigatewayv2.ParameterMapping;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.codedeploy.ILambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaApplication;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The serving side: {@code classify}, {@code preprocess} and {@code feedback} for direct
 * invocation, and an HTTP API in front of two functions built from the HTTP zip, each with a
 * {@code live} alias deployed by a CodeDeploy canary.
 *
 * <p>The HTTP zip serves every route, but the API sends {@code POST /feedback} to a function of
 * its own: only that one (and the direct {@code feedback}) holds the permission to write
 * feedback, so a fault in the public classify path can never write to the training data.
 * The functions that classify write the prediction log instead ({@link PredictionLog}), under a
 * prefix of the same bucket that no training step reads.
 */
public final class ServingStack extends Stack {
    /** The app's readiness route (model loaded and warmed up): smallrye-health in the HTTP app, ApiGatewayRouter in the zip. */
    static final String HEALTH_PATH = "/q/health/ready";

    public final Map<ServingFunction, CanaryFunction> functions = new EnumMap<>(ServingFunction.class);
    public final HttpApi api;
    public final HttpStage stage;
    public final LogGroup accessLogs;

    public ServingStack(Construct scope, String id, StackProps props, SiftParameters p, StorageStack storage) {
        super(scope, id, props);
        FunctionPackaging packaging = new FunctionPackaging(p);
        LambdaApplication application = LambdaApplication.Builder.create(this, "Deployments").build();
        ILambdaDeploymentConfig deploymentConfig = deploymentConfig(p.deploymentConfig());
        String registry = championBundle(storage);
        String feedbackStore = "s3://" + storage.feedback.getBucketName() + "/" + BucketLayout.FEEDBACK.replaceAll("/$", "");

        for (ServingFunction f : ServingFunction.values()) {
            Map<String, String> env = new LinkedHashMap<>(packaging.runtimeEnvironment());
            // Every function serves the registry's champion, read at init (S3 reader: packaging issue).
            env.put("SIFT_MODEL_BUNDLE", registry);
            // Not read by the app: a new value (-c modelRevision=…) publishes new versions, so a
            // champion promoted in the registry reaches every environment through the canary.
            env.put("SIFT_MODEL_REVISION", p.modelRevision());
            if (!f.http()) {
                env.put("QUARKUS_FUNQY_EXPORT", f.key);
            }
            if (f.writesFeedback()) {
                env.put("SIFT_FEEDBACK_STORE", feedbackStore);
                env.put("SIFT_FEEDBACK_REDACT", "true");
            } else {
                // No store to open at init (nor the local default to warn about): this function takes no feedback.
                env.put("SIFT_FEEDBACK_STORE", "none");
            }
            if (f.classifies()) {
                PredictionLog.addEnvironment(env, p, storage);
            }
            var settings = new CanaryFunction.Settings(
                    description(f),
                    f.http() ? packaging.httpCode() : packaging.directCode(),
                    f.http() ? packaging.httpHandler() : packaging.directHandler(),
                    p.memoryMb().get(f), p.reservedConcurrency().get(f), p.provisionedConcurrency().get(f), env);
            CanaryFunction fn = new CanaryFunction(this, id(f), settings, packaging, p, application, deploymentConfig);
            S3PrefixAccess.read(fn.role, storage.models, storage.modelsKey, BucketLayout.REGISTRY);
            if (f.writesFeedback()) {
                S3PrefixAccess.write(fn.role, storage.feedback, storage.feedbackKey, BucketLayout.FEEDBACK + "*");
            }
            if (f.classifies()) {
                PredictionLog.grantWrite(fn.role, p, storage);
            }
            suppressPrefixWildcards(fn, f.writesFeedback());
            // AWS-managed and minimal: alias read/update, alarm reads, hook invocation.
            Suppressions.add(fn.deploymentGroup, "AwsSolutions-IAM4",
                    "CodeDeploy's service role uses AWS's AWSCodeDeployRoleForLambdaLimited, the documented least-privilege"
                            + " policy for Lambda deployments (alias read/update, alarm reads, hook invocation)",
                    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited");
            packaging.acceptPinnedRuntime(fn.function);
            functions.put(f, fn);
        }

        accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .retention(Retention.days(p.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        api = HttpApi.Builder.create(this, "Api")
                .apiName(p.prefix().toLowerCase() + "-api")
                .description("sift: POST /classify, /preprocess, /feedback; GET /health")
                // The stage is made below, with throttling and access logs.
                .createDefaultStage(false)
                .build();
        stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(p.apiRateLimit()).burstLimit(p.apiBurstLimit()).build())
                .accessLogSettings(new AccessLogs(new LogGroupLogDestination(accessLogs), accessLogFormat()))
                .build();
        // Feedback becomes training data: a lower limit than inference keeps one client from
        // flooding the next retrain.
        ((CfnStage) stage.getNode().getDefaultChild()).addPropertyOverride("RouteSettings", Map.of(
                "POST /feedback", Map.of(
                        "ThrottlingRateLimit", p.feedbackRateLimit(),
                        "ThrottlingBurstLimit", p.feedbackBurstLimit())));

        CanaryFunction http = functions.get(ServingFunction.HTTP);
        HttpLambdaIntegration inference = new HttpLambdaIntegration("Inference", http.live);
        // GET /health reaches the app's readiness check: API Gateway rewrites the path before
        // the payload 2.0 event is built, so the function sees GET /q/health/ready.
        HttpLambdaIntegration health = new HttpLambdaIntegration("Health", http.live, HttpLambdaIntegrationProps.builder()
                .parameterMapping(new ParameterMapping().overwritePath(MappingValue.custom(HEALTH_PATH)))
                .build());
        HttpLambdaIntegration feedback = new HttpLambdaIntegration("Feedback", functions.get(ServingFunction.HTTP_FEEDBACK).live);

        IHttpRouteAuthorizer authorizer = p.jwtOnFeedback()
                ? new HttpJwtAuthorizer("FeedbackJwt", p.jwtIssuer(), HttpJwtAuthorizerProps.builder()
                        .jwtAudience(p.jwtAudience())
                        .build())
                : new HttpIamAuthorizer();
        IHttpRouteAuthorizer inferenceAuthorizer = p.authAllRoutes() ? authorizer : null;

        List<HttpRoute> inferenceRoutes = new ArrayList<>(route("/classify", HttpMethod.POST, inference, inferenceAuthorizer));
        inferenceRoutes.addAll(route("/preprocess", HttpMethod.POST, inference, inferenceAuthorizer));
        route("/feedback", HttpMethod.POST, feedback, authorizer);
        List<HttpRoute> publicRoutes = route("/health", HttpMethod.GET, health, null);
        for (HttpRoute r : publicRoutes) {
            Suppressions.add(r, "AwsSolutions-APIG4",
                    "GET /health is a readiness probe for uptime checks and load balancers: it answers UP or DOWN and changes nothing");
        }
        if (inferenceAuthorizer == null) {
            for (HttpRoute r : inferenceRoutes) {
                Suppressions.add(r, "AwsSolutions-APIG4",
                        "POST /classify and /preprocess are the public inference API: they read nothing but the request, write"
                                + " nothing, and are throttled per stage; -c authAllRoutes=true puts them behind the /feedback authorizer");
            }
        }

        CfnOutput.Builder.create(this, "ApiUrl").value(api.getApiEndpoint()).description("HTTP API base URL").build();
        for (ServingFunction f : List.of(ServingFunction.CLASSIFY, ServingFunction.PREPROCESS, ServingFunction.FEEDBACK)) {
            CfnOutput.Builder.create(this, id(f) + "Alias").value(functions.get(f).live.getFunctionArn())
                    .description("aws lambda invoke --function-name <this> for " + f.key).build();
        }
    }

    private List<HttpRoute> route(String path, HttpMethod method, HttpLambdaIntegration integration, IHttpRouteAuthorizer authorizer) {
        return api.addRoutes(AddRoutesOptions.builder()
                .path(path)
                .methods(List.of(method))
                .integration(integration)
                .authorizer(authorizer)
                .build());
    }

    private static void suppressPrefixWildcards(CanaryFunction fn, boolean writesFeedback) {
        Suppressions.add(fn.role, "AwsSolutions-IAM5",
                "Read access is limited to the model registry prefix (registry/*), the narrowest scope that still lets the"
                        + " function read the champion pointer and any bundle version it names",
                Suppressions.matching("/^Resource::.*\\/registry\\/\\*$/"));
        if (writesFeedback) {
            Suppressions.add(fn.role, "AwsSolutions-IAM5",
                    "Feedback is one new object per record under feedback/, so PutObject is granted on that prefix and nothing else",
                    Suppressions.matching("/^Resource::.*\\/feedback\\/\\*$/"));
        }
    }

    /** {@code SIFT_MODEL_BUNDLE} of every function that classifies: the registry's champion, read at init. */
    static String championBundle(StorageStack storage) {
        return "registry:s3://" + storage.models.getBucketName() + "/" + BucketLayout.REGISTRY.replaceAll("/$", "");
    }

    static String id(ServingFunction f) {
        return Character.toUpperCase(f.key.charAt(0)) + f.key.substring(1);
    }

    private static String description(ServingFunction f) {
        return switch (f) {
            case CLASSIFY -> "sift classify (direct invocation)";
            case PREPROCESS -> "sift preprocess (direct invocation)";
            case FEEDBACK -> "sift feedback (direct invocation); writes feedback records";
            case HTTP -> "sift HTTP API: POST /classify, POST /preprocess, GET /health";
            case HTTP_FEEDBACK -> "sift HTTP API: POST /feedback; writes feedback records";
        };
    }

    static ILambdaDeploymentConfig deploymentConfig(String name) {
        return switch (name) {
            case "AllAtOnce" -> LambdaDeploymentConfig.ALL_AT_ONCE;
            case "Canary10Percent5Minutes" -> LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES;
            case "Canary10Percent10Minutes" -> LambdaDeploymentConfig.CANARY_10_PERCENT_10_MINUTES;
            case "Canary10Percent15Minutes" -> LambdaDeploymentConfig.CANARY_10_PERCENT_15_MINUTES;
            case "Canary10Percent30Minutes" -> LambdaDeploymentConfig.CANARY_10_PERCENT_30_MINUTES;
            case "Linear10PercentEvery1Minute" -> LambdaDeploymentConfig.LINEAR_10_PERCENT_EVERY_1_MINUTE;
            case "Linear10PercentEvery2Minutes" -> LambdaDeploymentConfig.LINEAR_10_PERCENT_EVERY_2_MINUTES;
            case "Linear10PercentEvery3Minutes" -> LambdaDeploymentConfig.LINEAR_10_PERCENT_EVERY_3_MINUTES;
            case "Linear10PercentEvery10Minutes" -> LambdaDeploymentConfig.LINEAR_10_PERCENT_EVERY_10_MINUTES;
            default -> throw new IllegalArgumentException("deploymentConfig '" + name + "' is not a CodeDeploy Lambda config;"
                    + " use e.g. Canary10Percent5Minutes, Linear10PercentEvery1Minute or AllAtOnce");
        };
    }

    /**
     * One JSON line per request with HTTP API's own context variables (the REST API presets of
     * {@code AccessLogFormat} name variables HTTP APIs do not have).
     */
    private static AccessLogFormat accessLogFormat() {
        return AccessLogFormat.custom("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                + "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                + "\"protocol\":\"$context.protocol\",\"responseLength\":\"$context.responseLength\","
                + "\"latency\":\"$context.responseLatency\",\"integrationLatency\":\"$context.integration.latency\","
                + "\"integrationError\":\"$context.integrationErrorMessage\",\"authorizerError\":\"$context.authorizer.error\"}");
    }

    /** A class, not a record: jsii would take a record's {@code format()} accessor for a method. */
    private static final class AccessLogs implements IAccessLogSettings {
        private final IAccessLogDestination logDestination;
        private final AccessLogFormat logFormat;

        AccessLogs(IAccessLogDestination logDestination, AccessLogFormat logFormat) {
            this.logDestination = logDestination;
            this.logFormat = logFormat;
        }

        @Override
        public IAccessLogDestination getDestination() {
            return logDestination;
        }

        @Override
        public AccessLogFormat getFormat() {
            return logFormat;
        }
    }
}
