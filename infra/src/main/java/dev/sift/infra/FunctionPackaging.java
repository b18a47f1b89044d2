package dev.sift.infra;

import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.constructs.IConstruct;

/**
 * How the packaging issue's two zips run on Lambda: on a managed Java runtime with SnapStart (the
 * default, what {@code make lambda} builds), as a GraalVM native {@code bootstrap} on
 * {@code provided.al2023} ({@code -c runtime=native}, for zips from {@code make native}), or as the
 * JVM bundled in the zip with the AOT cache made for it, also on {@code provided.al2023}
 * ({@code -c runtime=bundled-jvm}, the {@code *-bundled.zip} files; x86-64, the platform they are
 * built on, and no SnapStart, which only managed runtimes have).
 */
final class FunctionPackaging {
    /** Graviton: about 20% cheaper per GB-second than x86; build the zips for it (LAMBDA_PLATFORM=linux-aarch64). */
    static final Architecture ARCHITECTURE = Architecture.ARM_64;
    /** The bundled-runtime zips' Java runtime is jlinked from the build machine's JDK, so they run on its platform. */
    static final Architecture BUNDLED_JVM_ARCHITECTURE = Architecture.X86_64;

    private final SiftParameters parameters;

    FunctionPackaging(SiftParameters parameters) {
        this.parameters = parameters;
    }

    /** The managed Java runtime, with SnapStart. */
    boolean jvm() {
        return parameters.flavour() == SiftParameters.Flavour.JVM;
    }

    /** The JVM inside the zip, started by its own {@code bootstrap} with the handler Lambda passes in {@code _HANDLER}. */
    boolean bundledJvm() {
        return parameters.flavour() == SiftParameters.Flavour.BUNDLED_JVM;
    }

    /** The serving functions' architecture: the bundled runtime's platform, else Graviton. */
    Architecture servingArchitecture() {
        return bundledJvm() ? BUNDLED_JVM_ARCHITECTURE : ARCHITECTURE;
    }

    Runtime runtime() {
        return jvm() ? javaRuntime() : Runtime.PROVIDED_AL2023;
    }

    private Runtime javaRuntime() {
        return switch (parameters.javaRuntime()) {
            case "java17" -> Runtime.JAVA_17;
            case "java21" -> Runtime.JAVA_21;
            case "java25" -> Runtime.JAVA_25;
            default -> throw new IllegalArgumentException("javaRuntime must be java17, java21 or java25, got '" + parameters.javaRuntime() + "'");
        };
    }

    /**
     * cdk-nag wants the newest runtime of a family; the JVM build's runtime is a choice of the
     * packaging issue, so a pinned older one is recorded, with why, on each function using it.
     */
    void acceptPinnedRuntime(IConstruct function) {
        if (jvm()) {
            acceptPinnedJavaRuntime(function);
        }
    }

    void acceptPinnedJavaRuntime(IConstruct function) {
        if (!javaRuntime().getName().equals("java25")) {
            Suppressions.add(function, "AwsSolutions-L1",
                    "The JVM build is pinned to " + javaRuntime().getName() + " (-c javaRuntime), the runtime the packaging issue"
                            + " builds and tests with SnapStart; java25 is selectable once verified there");
        }
    }

    /**
     * {@code sift-lambda.zip}: Funqy's stream handler, which dispatches on QUARKUS_FUNQY_EXPORT,
     * wrapped by sift to start the model load before Quarkus boots (the packaging issue's README).
     */
    String directHandler() {
        return jvm() || bundledJvm() ? "dev.sift.serving.DirectInvocationHandler::handleRequest" : "not.used.in.provided.runtime";
    }

    /** {@code sift-lambda-http.zip}: API Gateway payload 2.0 events into Quarkus's HTTP layer, wrapped likewise. */
    String httpHandler() {
        return jvm() || bundledJvm() ? "dev.sift.serving.ApiGatewayHandler::handleRequest" : "not.used.in.provided.runtime";
    }

    /**
     * {@code sift-pipeline-lambda.zip}: one plain stream-handler method per retrain step, on the JVM even
     * when the serving zips are native (the pipeline has no native build, and its steps run for minutes).
     */
    String pipelineHandler(String step) {
        return "dev.sift.pipeline.lambda.RetrainStepHandlers::" + step;
    }

    /** The drift monitor in the same zip: a scheduled handler, not a retrain step. */
    String monitorHandler() {
        return "dev.sift.pipeline.lambda.MonitorHandler::runDailyMonitor";
    }

    Runtime pipelineRuntime() {
        return javaRuntime();
    }

    Code pipelineCode() {
        return Code.fromAsset(parameters.pipelineZip().toString());
    }

    Code directCode() {
        return Code.fromAsset(parameters.lambdaZip().toString());
    }

    Code httpCode() {
        return Code.fromAsset(parameters.httpZip().toString());
    }

    /** SnapStart snapshots a published version after init, model load included. */
    SnapStartConf snapStart() {
        return jvm() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null;
    }

    Map<String, String> runtimeEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (jvm()) {
            // C1 only: a function's life is short and mostly restored from a snapshot, so C2's
            // compile time rarely pays back (the setting AWS recommends for SnapStart).
            env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        } else if (!bundledJvm()) { // the bundled runtime's bootstrap sets its JVM's options itself
            // Quarkus's native Lambda template sets this: the bootstrap must not install its own
            // signal handlers inside the Lambda sandbox.
            env.put("DISABLE_SIGNAL_HANDLERS", "true");
        }
        return env;
    }
}
