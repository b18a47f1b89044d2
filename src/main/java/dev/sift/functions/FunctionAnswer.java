package dev.sift.functions;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a function answers: its result, or, on the direct Lambda binding, an {@link ErrorBody}
 * (client errors are values there; see {@link ClientErrorsAsValues}). Serialized as whichever
 * record it is: DEDUCTION writes no type property, and it makes Jackson pick the serializer of
 * the runtime class even though Funqy's writer is built for this declared type.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
public sealed interface FunctionAnswer permits ClassifyResponse, PreprocessResponse, FeedbackResponse, ErrorBody {
}
