package dev.sift.batch;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A row that was not classified, with the error code the API gives the same problem in a request
 * ({@code blank_text}, {@code text_too_long}, {@code missing_field}, {@code invalid_type},
 * {@code malformed_json}) or {@code invalid_encoding}, which a request cannot produce because its
 * whole body fails to parse first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RowError(long row, String id, String code, String message) implements BatchRow, RowOutcome {
}
