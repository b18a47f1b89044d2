package dev.sift.functions;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * The direct Lambda binding's error contract: bad input is answered as the function's value, in
 * the same {@code {"error": {"code", "message", "field"}}} shape the HTTP binding sends with a
 * 400, so a caller can act on the code and the invocation is not counted in Lambda's
 * {@code Errors} metric (which alarms and rolls canaries back). Faults a retry may cure (the
 * model not loaded yet, the feedback store unavailable) and bugs stay function errors: Lambda
 * reports them with their type and message, and asynchronous callers retry them.
 */
@ClientErrorsAsValues
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class ClientErrorAnswers {
    @AroundInvoke
    Object answer(InvocationContext invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (InvalidRequestException invalid) {
            return ErrorBody.of(invalid.code(), invalid.getMessage(), invalid.field());
        }
    }
}
