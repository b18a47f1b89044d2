package dev.sift.functions;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sift.feedback.FeedbackService;
import dev.sift.feedback.FeedbackSubmission;
import dev.sift.serving.ClassifierService;
import io.quarkus.funqy.Funq;

/**
 * {@code feedback}: {@code {"id"?, "text", "label", "predicted"?, "score"?, "modelVersion"?, "source"?,
 * "metadata"?}} → {@code {"id", "stored": true, "duplicate"}}. A retry of the same post (same id, or
 * without one the same text, label and source) stores nothing new and answers {@code duplicate: true};
 * a client id reused for another text, label or source is refused (409 {@code id_conflict}).
 */
@ClientErrorsAsValues
@Observed
public class FeedbackFunction {
    private final FeedbackService feedback;
    private final ClassifierService classifiers;
    private final FeedbackRules rules;

    FeedbackFunction(FeedbackService feedback, ClassifierService classifiers, FeedbackRules rules) {
        this.feedback = feedback;
        this.classifiers = classifiers;
        this.rules = rules;
    }

    @Funq("feedback")
    public FunctionAnswer feedback(JsonNode body) {
        FeedbackSubmission submission = FeedbackRequestReader.read(body, rules,
                classifiers.classifier().info().labels(), classifiers.classifier().multiLabel());
        FeedbackService.Receipt receipt = feedback.submit(submission);
        return new FeedbackResponse(receipt.id(), true, receipt.duplicate());
    }
}
