package dev.sift.functions;

/** The one error shape of every function: {@code {"error": {"code", "message", "field"}}}. */
public record ErrorBody(Detail error) implements FunctionAnswer {
    public record Detail(String code, String message, String field) {
    }

    public static ErrorBody of(String code, String message, String field) {
        return new ErrorBody(new Detail(code, message, field));
    }
}
