package dev.sift.metrics;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One CloudWatch embedded-metric-format log line: a JSON object whose {@code _aws} member tells
 * CloudWatch Logs which of its fields are metrics and which are dimensions, so a Lambda function
 * publishes metrics by printing a line, with no API call and nothing to flush at freeze.
 *
 * <p>Written here rather than with Powertools for Java's metrics module: Powertools 2.3.0 and what it
 * pulls in (aws-embedded-metrics, commons-lang3, javatuples) add 932 KB to the API Gateway zip, which
 * had 638 KB of its 45 MB budget left, and the format is a small documented JSON shape
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 */
public final class EmfLine {
    /** The specification's limit on the values of one metric in one line. */
    public static final int MAX_VALUES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode line = JSON.createObjectNode();
    private final ArrayNode metrics;

    /** @param dimensionSets each a list of field names; an empty set publishes the metrics without dimensions */
    public EmfLine(String namespace, long timestampMillis, List<List<String>> dimensionSets) {
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", timestampMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensions = directive.putArray("Dimensions");
        for (List<String> set : dimensionSets) {
            ArrayNode names = dimensions.addArray();
            set.forEach(names::add);
        }
        metrics = directive.putArray("Metrics");
    }

    /** A dimension's value (every dimension a set names needs one) or any other field. */
    public EmfLine field(String name, String value) {
        line.put(name, value);
        return this;
    }

    public EmfLine metric(String name, String unit, double value) {
        metrics.addObject().put("Name", name).put("Unit", unit);
        line.put(name, value);
        return this;
    }

    /** Up to {@link #MAX_VALUES} values of one metric (CloudWatch keeps each for its statistics). */
    public EmfLine metric(String name, String unit, List<Double> values) {
        if (values.isEmpty() || values.size() > MAX_VALUES) {
            throw new IllegalArgumentException(name + ": 1 to " + MAX_VALUES + " values per line, got " + values.size());
        }
        metrics.addObject().put("Name", name).put("Unit", unit);
        ArrayNode array = line.putArray(name);
        values.forEach(array::add);
        return this;
    }

    public String json() {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an EMF line could not be written", e);
        }
    }
}
