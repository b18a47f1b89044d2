package dev.sift.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;

import dev.sift.config.SiftConfigReader;
import dev.sift.model.OnnxRuntimeNatives;
import dev.sift.telemetry.LambdaInvocation;
import io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler;

/**
 * The API Gateway zip's handler on the managed Java runtime ({@code dev.sift.serving.ApiGatewayHandler::handleRequest}):
 * Quarkus's stream handler, which hands each event to the application's one handler bean
 * (dev.sift.functions.ApiGatewayRouter), with the model load started before Quarkus boots, as
 * DirectInvocationHandler does in the direct zip (a plain class, not a RequestStreamHandler, for the
 * reason given there: the router is the application's handler).
 */
public class ApiGatewayHandler {
    static {
        QuarkusLogManager.install();
        StartupTimeline.entered("the API Gateway handler");
        long natives = System.nanoTime();
        OnnxRuntimeNatives.usePackaged(LambdaEnvironment.taskRoot());
        StartupTimeline.nativesReady(natives);
        EarlyModelLoad.beginFromConfiguration(SiftConfigReader::readBeforeQuarkus, config -> { });
    }

    // Constructing it boots Quarkus; a failure becomes the init error, with its reason, once the model load has ended.
    private final QuarkusStreamHandler quarkus = FailedStart.initOrExplain(QuarkusStreamHandler::new);

    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        // The request log's id (dev.sift.telemetry.RequestLog); the runtime passes one per invocation.
        LambdaInvocation.begin(context.getAwsRequestId());
        quarkus.handleRequest(input, output, context);
    }
}
