package dev.sift.batch;

/**
 * One row of a batch input as read: either a text to classify or the reason it cannot be. Rows
 * are numbered from 1 in input order (a CSV's header is not a row); {@code id} is the input's own
 * id for the row, or null when it has none.
 */
public sealed interface BatchRow permits TextRow, RowError {
    long row();

    String id();
}
