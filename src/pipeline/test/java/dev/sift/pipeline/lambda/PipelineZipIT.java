package dev.sift.pipeline.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sift.packaging.ManagedJavaRuntime;

/**
 * dist/sift-pipeline-lambda.zip, the retrain steps' functions: what it carries (no serving code, no
 * model, no Quarkus; one platform's ONNX Runtime natives for the evaluate step), and its handlers
 * run through the runtime interface client the managed Java runtime uses, so the handler strings
 * infra deploys are proven to resolve.
 */
class PipelineZipIT {
    private static final String PROMOTE = "dev.sift.pipeline.lambda.RetrainStepHandlers::promoteChallenger";
    private static Path zip;
    private static Path taskRoot;

    @BeforeAll
    static void unpack() throws IOException {
        zip = Path.of(System.getProperty("test.lambda.zip"));
        assertTrue(Files.isRegularFile(zip), zip + " is missing");
        taskRoot = ManagedJavaRuntime.unpack(zip, Path.of("src/pipeline/target/lambda-task").toAbsolutePath());
    }

    @Test
    void carriesThePipelineAndNoServingCodeModelOrFramework() throws IOException {
        List<String> unwanted = new ArrayList<>();
        boolean handler = false;
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(archive.entries())) {
                String name = entry.getName();
                handler |= name.equals("dev/sift/pipeline/lambda/RetrainStepHandlers.class");
                if (name.startsWith("dev/sift/serving/") || name.startsWith("dev/sift/functions/")
                        || name.startsWith("sift/bundles/") || name.endsWith(".onnx")
                        || name.startsWith("lib/io.quarkus") || name.startsWith("lib/quarkus")) {
                    unwanted.add(name);
                }
            }
        }
        assertTrue(handler, "the handler class is missing");
        assertEquals(List.of(), unwanted);
        assertTrue(Files.isRegularFile(taskRoot.resolve("onnxruntime/" + System.getProperty("test.lambda.platform")
                + "/libonnxruntime.so")), "the evaluate step's ONNX Runtime library");
        assertTrue(Files.size(zip) < 45_000_000, zip + " is " + Files.size(zip) + " bytes");
    }

    @Test
    void aStepWithABadEventIsAFunctionErrorNamingTheField() throws Exception {
        try (ManagedJavaRuntime runtime = new ManagedJavaRuntime(taskRoot.resolveSibling("pipeline-function.log"))) {
            runtime.spawn(taskRoot, PROMOTE, Map.of(), List.of());
            var answer = runtime.invoke("{\"execution\": \"run-1\", \"challenger\": {\"name\": \"review-sentiment\"}}");
            assertEquals(500, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("'version' must be a non-empty string"), answer.body());

            var unset = runtime.invoke("{\"execution\": \"run-1\", \"challenger\": {\"name\": \"review-sentiment\", \"version\": \"r-run-1\"}}");
            assertEquals(500, unset.statusCode(), unset.body());
            assertTrue(unset.body().contains("SIFT_PIPELINE_MODEL_REGISTRY is not set (sift.pipeline.model-registry)"), unset.body());
        }
    }
}
