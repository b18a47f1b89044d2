package dev.sift.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;

import dev.sift.config.SiftConfigReader;
import dev.sift.model.OnnxRuntimeNatives;
import dev.sift.telemetry.LambdaInvocation;
import io.quarkus.funqy.lambda.FunqyStreamHandler;

/**
 * The direct zip's handler on the managed Java runtime ({@code dev.sift.serving.DirectInvocationHandler::handleRequest}):
 * Funqy's stream handler, with the model load started first. Funqy's handler boots Quarkus in its
 * static initializer, and Quarkus loads the model only at the end of its boot; starting the load
 * here, on its own thread, overlaps reading the bundle and creating the ONNX session with the boot
 * (what SiftMain does for the HTTP server). The load still belongs to the init phase, once per
 * execution environment, and ClassifierService takes it over when Quarkus starts.
 *
 * <p>A plain class with a {@code handleRequest(InputStream, OutputStream, Context)} method, which
 * the Java runtime accepts as a handler: implementing {@code RequestStreamHandler} would make
 * Quarkus's Lambda extensions take it for a second handler of the application and refuse to build.
 */
public class DirectInvocationHandler {
    static {
        QuarkusLogManager.install();
        StartupTimeline.entered("the direct handler");
        long natives = System.nanoTime();
        OnnxRuntimeNatives.usePackaged(LambdaEnvironment.taskRoot());
        StartupTimeline.nativesReady(natives);
        EarlyModelLoad.beginFromConfiguration(SiftConfigReader::readBeforeQuarkus, config -> { });
    }

    // Constructing it boots Quarkus; a failure becomes the init error, with its reason, once the model load has ended.
    private final FunqyStreamHandler funqy = FailedStart.initOrExplain(FunqyStreamHandler::new);

    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        // The request log's id (dev.sift.telemetry.RequestLog); the runtime passes one per invocation.
        LambdaInvocation.begin(context.getAwsRequestId());
        funqy.handleRequest(input, output, context);
    }
}
