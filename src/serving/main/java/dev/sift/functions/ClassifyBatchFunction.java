package dev.sift.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sift.batch.BatchRow;
import dev.sift.batch.RowClassifier;
import dev.sift.batch.RowError;
import dev.sift.batch.RowOutcome;
import dev.sift.batch.RowResult;
import dev.sift.batch.RowRules;
import dev.sift.model.TextClassifier;
import dev.sift.serving.ClassifierService;
import io.quarkus.funqy.Funq;

/**
 * {@code classifyBatch}: one batch of a Step Functions Distributed Map (infra's BatchStack) →
 * a result or an error per item, as values.
 *
 * <pre>{"Items": [{"index": 0, "value": {"id": "a1", "text": "…"}}, …], "BatchInput": {"column": "text", "idColumn": "id"}}</pre>
 *
 * The state machine's ItemSelector wraps each item with its 0-based index in the input
 * ({@code $$.Map.Item.Index}); an item's {@code row} in the answer is that index + 1, so it is the
 * same row number {@code make classify-file} gives the same line. An item without the wrapper
 * (an ItemBatcher with no ItemSelector) is numbered by its place in the batch.
 *
 * <p>A bad item never fails the batch: it is an entry of {@code errors} with the API's code. Only a
 * batch that is not a batch ({@code Items} missing, not an array, too many) fails the invocation,
 * so the map counts it against its tolerated failure percentage; for that reason this function
 * does not answer client errors as values, as the request/response functions do.
 */
@Observed
public class ClassifyBatchFunction {
    /** More than a Distributed Map sends: its ItemBatcher caps a batch at 256 KiB of input. */
    static final int MAX_ITEMS = 2_000;
    private static final Set<String> FIELDS = Set.of("Items", "BatchInput");

    private final ClassifierService service;
    private final RequestLimits limits;

    ClassifyBatchFunction(ClassifierService service, RequestLimits limits) {
        this.service = service;
        this.limits = limits;
    }

    @Funq("classifyBatch")
    public ClassifyBatchResponse classifyBatch(JsonNode event) {
        TextsRequestReader.requireObject(event, FIELDS);
        JsonNode items = event.get("Items");
        if (items == null || items.isNull()) {
            throw new InvalidRequestException("missing_field", "Items",
                    "'Items' is required: the array of items a Distributed Map's ItemBatcher sends");
        }
        if (!items.isArray()) {
            throw new InvalidRequestException("invalid_type", "Items",
                    "'Items' must be an array, got " + TextsRequestReader.typeOf(items));
        }
        if (items.size() > MAX_ITEMS) {
            throw new InvalidRequestException("too_many_texts", "Items",
                    "'Items' has " + items.size() + " items; the limit is " + MAX_ITEMS + " per batch");
        }
        JsonNode batchInput = event.get("BatchInput");
        String column = optionalString(batchInput, "column", "text");
        String idColumn = optionalString(batchInput, "idColumn", "id");
        RowRules rules = new RowRules(limits.maxTextChars());
        List<BatchRow> rows = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            boolean wrapped = item.isObject() && item.size() == 2 && item.has("value")
                    && item.path("index").isIntegralNumber() && item.path("index").canConvertToLong();
            long row = wrapped ? item.get("index").longValue() + 1 : i + 1;
            rows.add(rules.checkJson(row, wrapped ? item.get("value") : item, column, idColumn));
        }
        TextClassifier classifier = service.classifier();
        List<RowResult> results = new ArrayList<>(rows.size());
        List<RowError> errors = new ArrayList<>();
        for (RowOutcome outcome : new RowClassifier(classifier, classifier.info().labels().size()).classify(rows)) {
            if (outcome instanceof RowResult result) {
                results.add(result);
            } else {
                errors.add((RowError) outcome);
            }
        }
        return new ClassifyBatchResponse(ModelRef.of(classifier.info()), results, errors);
    }

    private static String optionalString(JsonNode batchInput, String field, String defaultValue) {
        if (batchInput == null || batchInput.isNull()) {
            return defaultValue;
        }
        if (!batchInput.isObject()) {
            throw new InvalidRequestException("invalid_type", "BatchInput",
                    "'BatchInput' must be an object, got " + TextsRequestReader.typeOf(batchInput));
        }
        JsonNode value = batchInput.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidRequestException("invalid_type", "BatchInput." + field,
                    "'BatchInput." + field + "' must be a non-empty string, got " + TextsRequestReader.typeOf(value));
        }
        return value.asText();
    }
}
