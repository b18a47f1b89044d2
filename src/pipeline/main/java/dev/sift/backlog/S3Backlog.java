package dev.sift.backlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.sift.s3.S3Uri;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The input objects of a batch job on AWS ({@code make classify-s3}): every object under the input
 * prefix, all of one format, checked before any execution starts, so a job either runs on all of
 * its input or does not start.
 *
 * @param format the one format of every object
 * @param keys   the objects' keys, in S3's (lexicographic) order
 */
record S3Backlog(S3Uri input, InputFormat format, List<String> keys) {

    /** Lists {@code input} and refuses an empty prefix, a mix of formats or an object of neither format. */
    static S3Backlog list(S3Client s3, S3Uri input) {
        Map<InputFormat, List<String>> byFormat = new TreeMap<>();
        List<String> other = new ArrayList<>();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(input.bucket()).prefix(input.prefix()).build();
        for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
            if (object.key().endsWith("/") && object.size() == 0) {
                continue; // a console "folder"
            }
            InputFormat format = formatOf(object.key());
            if (format == null) {
                other.add(object.key());
            } else {
                byFormat.computeIfAbsent(format, f -> new ArrayList<>()).add(object.key());
            }
        }
        if (!other.isEmpty()) {
            throw new IllegalArgumentException(input + " holds " + other.size() + " object(s) that are neither .csv nor "
                    + ".jsonl, e.g. " + other.subList(0, Math.min(3, other.size())) + "; move them out of the input prefix");
        }
        if (byFormat.isEmpty()) {
            throw new IllegalArgumentException(input + " holds no objects: upload .csv or .jsonl files under it first");
        }
        if (byFormat.size() > 1) {
            throw new IllegalArgumentException(input + " mixes formats: " + byFormat.get(InputFormat.CSV).size()
                    + " .csv and " + byFormat.get(InputFormat.JSONL).size() + " .jsonl object(s). A job reads one format; "
                    + "put each under its own prefix and start one job per prefix");
        }
        Map.Entry<InputFormat, List<String>> only = byFormat.entrySet().iterator().next();
        return new S3Backlog(input, only.getKey(), List.copyOf(only.getValue()));
    }

    static InputFormat formatOf(String key) {
        String name = key.toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") ? InputFormat.CSV
                : name.endsWith(".jsonl") || name.endsWith(".ndjson") ? InputFormat.JSONL : null;
    }

    /**
     * One execution input per object, in the shape BatchStack's state machine takes: its results go
     * under {@code output/<object's path below the input prefix>/}, so two objects never share one.
     */
    List<Map<String, String>> executionInputs(S3Uri output, String column, String idColumn) {
        List<Map<String, String>> inputs = new ArrayList<>();
        for (String key : keys) {
            Map<String, String> execution = new TreeMap<>();
            execution.put("bucket", input.bucket());
            execution.put("key", key);
            execution.put("format", format.name().toLowerCase(Locale.ROOT));
            execution.put("column", column);
            execution.put("idColumn", idColumn);
            execution.put("outputPrefix", output.prefix() + key.substring(input.prefix().length()) + "/");
            inputs.add(execution);
        }
        return inputs;
    }
}
