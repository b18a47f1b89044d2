package dev.sift.model;

/** ONNX Runtime failed on a request the bundle accepted: a server-side fault, not bad input. */
public class InferenceException extends RuntimeException {
    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
