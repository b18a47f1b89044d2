package dev.sift.batch;

/** What a batch job writes for one input row: a result or an error, never neither. */
public sealed interface RowOutcome permits RowResult, RowError {
    long row();

    String id();
}
