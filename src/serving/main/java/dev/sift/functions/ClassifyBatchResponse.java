package dev.sift.functions;

import java.util.List;

import dev.sift.batch.RowError;
import dev.sift.batch.RowResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code classifyBatch}'s answer: every item is in {@code results} or in {@code errors}, each with
 * its row. Not a {@link FunctionAnswer}: this function answers no client error as a value.
 */
// A native image must know the row records, which live in sift-core, outside Funqy's view.
@RegisterForReflection(targets = { RowResult.class, RowError.class, ModelRef.class })
public record ClassifyBatchResponse(ModelRef model, List<RowResult> results, List<RowError> errors) {
}
