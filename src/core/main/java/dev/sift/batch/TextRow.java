package dev.sift.batch;

/** A row whose text passed {@link RowRules}: it is classified. */
public record TextRow(long row, String id, String text) implements BatchRow {
}
