package dev.sift.functions;

/** {@code stored} is always true in an answer: a record that could not be stored is an error (503), never a false. */
public record FeedbackResponse(String id, boolean stored, boolean duplicate) implements FunctionAnswer {
}
