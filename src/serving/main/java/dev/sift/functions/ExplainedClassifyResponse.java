package dev.sift.functions;

import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.sift.explain.Explanation;
import dev.sift.model.Prediction;

/**
 * {@code classify}'s answer when {@code "explain": true}: {@link ClassifyResponse} with an
 * {@code explanation} in each result. A result is the prediction's own fields, unwrapped, so whatever
 * {@link Prediction} carries is answered the same way with or without explanations.
 */
public record ExplainedClassifyResponse(ModelRef model, List<Result> results) implements FunctionAnswer {

    /** The answer with each result's explanation, in the same order. */
    static ExplainedClassifyResponse of(ClassifyResponse answer, List<Explanation> explanations) {
        List<Prediction> predictions = answer.results();
        return new ExplainedClassifyResponse(answer.model(), IntStream.range(0, predictions.size())
                .mapToObj(i -> new Result(predictions.get(i), explanations.get(i))).toList());
    }

    public record Result(@JsonUnwrapped Prediction prediction,
            @JsonInclude(JsonInclude.Include.NON_NULL) Explanation explanation) {
    }
}
