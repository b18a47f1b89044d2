package dev.sift.functions;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.sift.explain.Explanation;
import dev.sift.explain.Span;
import dev.sift.model.Prediction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a function answers: its result, or, on the direct Lambda binding, an {@link ErrorBody}
 * (client errors are values there; see {@link ClientErrorsAsValues}). Serialized as whichever
 * record it is: DEDUCTION writes no type property, and it makes Jackson pick the serializer of
 * the runtime class even though Funqy's writer is built for this declared type.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
// Funqy registers a function's declared output type for reflection; a native image must also know
// every record this interface stands for, and what they contain.
@RegisterForReflection(targets = { ClassifyResponse.class, PreprocessResponse.class, PreprocessResponse.Item.class,
        FeedbackResponse.class, ErrorBody.class, ErrorBody.Detail.class, ModelRef.class, Prediction.class,
        ExplainedClassifyResponse.class, ExplainedClassifyResponse.Result.class, Explanation.class, Span.class })
public sealed interface FunctionAnswer
        permits ClassifyResponse, ExplainedClassifyResponse, PreprocessResponse, FeedbackResponse, ErrorBody {
}
