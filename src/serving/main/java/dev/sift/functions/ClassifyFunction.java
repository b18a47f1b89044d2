package dev.sift.functions;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sift.model.TextClassifier;
import dev.sift.serving.ClassifierService;
import dev.sift.serving.StartupTimeline;
import io.quarkus.funqy.Funq;

/** {@code classify}: {@code {"texts": [...], "topK"?: n}} → a label and probabilities per text. */
@ClientErrorsAsValues
public class ClassifyFunction {
    private static final Set<String> FIELDS = Set.of("texts", "topK");

    private final ClassifierService service;
    private final RequestLimits limits;

    ClassifyFunction(ClassifierService service, RequestLimits limits) {
        this.service = service;
        this.limits = limits;
    }

    @Funq("classify")
    public FunctionAnswer classify(JsonNode body) {
        TextsRequestReader.requireObject(body, FIELDS);
        List<String> texts = TextsRequestReader.texts(body, limits);
        TextClassifier classifier = service.classifier();
        int labels = classifier.info().labels().size();
        int topK = TextsRequestReader.optionalInt(body, "topK", 1, labels, labels);
        ClassifyResponse answer = new ClassifyResponse(ModelRef.of(classifier.info()), classifier.classify(texts, topK));
        StartupTimeline.firstAnswer();
        return answer;
    }
}
