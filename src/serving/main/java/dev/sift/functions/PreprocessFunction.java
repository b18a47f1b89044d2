package dev.sift.functions;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sift.model.TextClassifier;
import dev.sift.serving.ClassifierService;
import dev.sift.text.Encoding;
import io.quarkus.funqy.Funq;

/** {@code preprocess}: {@code {"texts": [...], "maxLength"?: n}} → the token ids the model would see. */
@ClientErrorsAsValues
@Observed
public class PreprocessFunction {
    private static final Set<String> FIELDS = Set.of("texts", "maxLength");

    private final ClassifierService service;
    private final RequestLimits limits;

    PreprocessFunction(ClassifierService service, RequestLimits limits) {
        this.service = service;
        this.limits = limits;
    }

    @Funq("preprocess")
    public FunctionAnswer preprocess(JsonNode body) {
        TextsRequestReader.requireObject(body, FIELDS);
        List<String> texts = TextsRequestReader.texts(body, limits);
        TextClassifier classifier = service.classifier();
        int bundleMax = classifier.encoder().maxLength();
        int maxLength = TextsRequestReader.optionalInt(body, "maxLength", 3, bundleMax, bundleMax);
        List<PreprocessResponse.Item> items = classifier.preprocess(texts, maxLength).stream()
                .map(PreprocessFunction::item).toList();
        return new PreprocessResponse(ModelRef.of(classifier.info()), items);
    }

    private static PreprocessResponse.Item item(Encoding encoding) {
        int[] mask = new int[encoding.length()];
        Arrays.fill(mask, 1);
        return new PreprocessResponse.Item(encoding.ids(), mask, encoding.tokens(), encoding.length(),
                encoding.truncated());
    }
}
