package dev.sift.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import software.amazon.awscdk.App;

/**
 * Apps synthesized in-process and offline, with two tiny stand-in zips for the packaging
 * issue's function zips (Lambda code is only staged as an asset, never run).
 */
final class TestApps {
    private static Path zips;
    private static final Map<Map<String, Object>, SiftApp.SiftStacks> APPS = new HashMap<>();

    /** Every watching-production setting away from its default: one synthesis for the tests of all of them. */
    static final Map<String, Object> TUNED_MONITORING = Map.of(
            "predictionSampleRate", "0.25", "predictionKeepText", "true", "monitorSchedule", "cron(0 6 * * ? *)",
            "minMeanConfidence", "0.55", "maxAbstentionRate", "0.1");

    private TestApps() {
    }

    /**
     * The app {@code cdk synth} would build with the default parameters plus {@code context}
     * (e.g. {@code runtime=jvm}), cdk-nag checks included. One app per context for the whole
     * test run: each synthesis costs seconds of jsii round trips.
     */
    static synchronized SiftApp.SiftStacks synth(Map<String, Object> context) {
        return APPS.computeIfAbsent(Map.copyOf(context), c -> {
            Map<String, Object> all = new HashMap<>(Map.of(
                    "lambdaZip", zip("sift-lambda.zip").toString(),
                    "httpZip", zip("sift-lambda-http.zip").toString(),
                    "pipelineZip", zip("sift-pipeline-lambda.zip").toString()));
            all.putAll(c);
            App app = App.Builder.create().context(all).build();
            SiftApp.SiftStacks stacks = SiftApp.build(app, SiftParameters.fromContext(app.getNode()), null);
            SiftApp.addChecks(app);
            return stacks;
        });
    }

    static synchronized Path zip(String name) {
        try {
            if (zips == null) {
                zips = Files.createTempDirectory("sift-infra-test");
                zips.toFile().deleteOnExit();
            }
            Path zip = zips.resolve(name);
            if (!Files.exists(zip)) {
                try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
                    z.putNextEntry(new ZipEntry("bootstrap"));
                    z.write("#!/bin/sh\necho stand-in for the packaging issue's build\n".getBytes(StandardCharsets.UTF_8));
                    z.closeEntry();
                }
                zip.toFile().deleteOnExit();
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
