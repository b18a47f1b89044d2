package dev.sift.functions;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.jboss.logging.Logger;

import dev.sift.feedback.FeedbackDisabledException;
import dev.sift.feedback.IdConflictException;
import dev.sift.feedback.StoreUnavailableException;
import dev.sift.serving.ModelNotReadyException;

/**
 * The direct Lambda binding's error contract: bad input is answered as the function's value, in
 * the same {@code {"error": {"code", "message", "field"}}} shape the HTTP binding sends with a
 * 400, so a caller can act on the code and the invocation is not counted in Lambda's
 * {@code Errors} metric (which alarms and rolls canaries back). Faults a retry may cure (the
 * model not loaded yet, the feedback store unavailable) stay function errors, so they are counted
 * and asynchronous callers retry them, with a stable message ({@link RetryableFault}) instead of
 * internals; bugs stay function errors as they are.
 */
@ClientErrorsAsValues
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class ClientErrorAnswers {
    private static final Logger LOG = Logger.getLogger(ClientErrorAnswers.class);

    @AroundInvoke
    Object answer(InvocationContext invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (InvalidRequestException invalid) {
            return ErrorBody.of(invalid.code(), invalid.getMessage(), invalid.field());
        } catch (IdConflictException conflict) {
            // HTTP's 409: the caller's to fix (a new id, or the original correction), not a fault to retry.
            return ErrorBody.of("id_conflict", conflict.getMessage(), "id");
        } catch (FeedbackDisabledException disabled) {
            // HTTP's 403: this deployment takes no feedback; a retry will not change that.
            return ErrorBody.of("feedback_disabled", disabled.getMessage(), null);
        } catch (StoreUnavailableException unavailable) {
            LOG.warnf("feedback not stored: %s", unavailable.getMessage());
            throw new RetryableFault("store_unavailable",
                    "the feedback store is unavailable; nothing was stored, retry later with the same request");
        } catch (ModelNotReadyException notReady) {
            throw new RetryableFault("model_not_ready", notReady.getMessage());
        }
    }
}
