package dev.sift.functions;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sift.explain.OcclusionExplainer;
import dev.sift.model.Prediction;
import dev.sift.model.TextClassifier;
import dev.sift.serving.ClassifierService;
import dev.sift.serving.PredictionRecorder;
import dev.sift.serving.StartupTimeline;
import io.quarkus.funqy.Funq;

/**
 * {@code classify}: {@code {"texts": [...], "topK"?: n, "minScore"?: x, "explain"?: bool}} → a label and
 * probabilities (and, on request, why) per text; a text whose top score is below {@code minScore} (or
 * the bundle's own, when the request sends none) abstains: {@code "label": null, "abstained": true},
 * its scores still given.
 */
@ClientErrorsAsValues
@Observed
public class ClassifyFunction {
    private static final Set<String> FIELDS = Set.of("texts", "topK", "minScore", "explain");
    /** An explained text costs up to {@value OcclusionExplainer#MAX_VARIANTS} more model inputs (README, Explanations). */
    static final int MAX_EXPLAINED_TEXTS = 8;

    private final ClassifierService service;
    private final RequestLimits limits;
    private final PredictionRecorder predictions;

    ClassifyFunction(ClassifierService service, RequestLimits limits, PredictionRecorder predictions) {
        this.service = service;
        this.limits = limits;
        this.predictions = predictions;
    }

    @Funq("classify")
    public FunctionAnswer classify(JsonNode body) {
        TextsRequestReader.requireObject(body, FIELDS);
        List<String> texts = TextsRequestReader.texts(body, limits);
        TextClassifier classifier = service.classifier();
        int labels = classifier.info().labels().size();
        int topK = TextsRequestReader.optionalInt(body, "topK", 1, labels, labels);
        Double minScore = TextsRequestReader.optionalProbability(body, "minScore");
        boolean explain = TextsRequestReader.optionalBoolean(body, "explain", false);
        if (explain && texts.size() > MAX_EXPLAINED_TEXTS) {
            throw new InvalidRequestException("too_many_texts", "explain", "'explain' takes at most "
                    + MAX_EXPLAINED_TEXTS + " texts per request, got " + texts.size());
        }
        List<Prediction> results = classifier.classify(texts, topK, minScore);
        ClassifyResponse answer = new ClassifyResponse(ModelRef.of(classifier.info()), results);
        StartupTimeline.firstAnswer();
        predictions.record("classify", classifier, texts, results);
        return explain ? ExplainedClassifyResponse.of(answer, new OcclusionExplainer(classifier).explain(texts)) : answer;
    }
}
