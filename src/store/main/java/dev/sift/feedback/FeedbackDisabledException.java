package dev.sift.feedback;

/**
 * This deployment takes no feedback ({@code sift.feedback.store=none}, as infra sets it on the
 * functions that only classify or preprocess). A client error, not a fault: retrying will not
 * help; HTTP answers 403 {@code feedback_disabled}, the direct binding the same error as a value.
 */
public class FeedbackDisabledException extends RuntimeException {
    public FeedbackDisabledException() {
        super("this deployment takes no feedback (sift.feedback.store=none); send corrections to the deployment"
                + " that serves POST /feedback");
    }
}
