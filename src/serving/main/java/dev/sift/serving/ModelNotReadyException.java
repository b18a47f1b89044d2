package dev.sift.serving;

/** A request arrived before the model finished loading; the client should retry. */
public class ModelNotReadyException extends RuntimeException {
    public ModelNotReadyException() {
        super("the model is still loading; retry shortly");
    }
}
