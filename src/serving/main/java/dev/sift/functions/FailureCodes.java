package dev.sift.functions;

import dev.sift.feedback.FeedbackDisabledException;
import dev.sift.feedback.IdConflictException;
import dev.sift.feedback.StoreUnavailableException;
import dev.sift.serving.ModelNotReadyException;
import dev.sift.telemetry.RequestFacts;

/**
 * The error code a client gets for what a function threw, and whose it is to fix: the same codes
 * HttpErrorResponder and ClientErrorAnswers answer with, for the request log and the metrics.
 */
final class FailureCodes {
    private FailureCodes() {
    }

    static String code(Throwable failure) {
        if (failure instanceof InvalidRequestException invalid) {
            return invalid.code();
        } else if (failure instanceof IdConflictException) {
            return "id_conflict";
        } else if (failure instanceof FeedbackDisabledException) {
            return "feedback_disabled";
        } else if (failure instanceof ModelNotReadyException) {
            return "model_not_ready";
        } else if (failure instanceof StoreUnavailableException) {
            return "store_unavailable";
        } else if (failure instanceof RetryableFault fault) {
            return fault.code();
        }
        return "internal_error";
    }

    static RequestFacts.Outcome kind(Throwable failure) {
        return failure instanceof InvalidRequestException || failure instanceof IdConflictException
                || failure instanceof FeedbackDisabledException
                ? RequestFacts.Outcome.CLIENT_ERROR : RequestFacts.Outcome.FAULT;
    }
}
