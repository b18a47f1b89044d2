package dev.sift.batch;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A classified row: the shape of one line of a batch job's output and of one entry of the batch
 * function's {@code results}.
 *
 * @param scores label → probability, most probable first
 * @param labels a multi-label bundle's label set (absent for single-label bundles)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RowResult(long row, String id, String label, double score, Map<String, Double> scores,
        List<String> labels)
        implements RowOutcome {
}
