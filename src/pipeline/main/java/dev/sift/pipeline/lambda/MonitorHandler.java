package dev.sift.pipeline.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.config.SiftConfigReader;
import dev.sift.monitor.DailyMonitor;

/**
 * The daily drift monitor of {@code dist/sift-pipeline-lambda.zip}
 * ({@code dev.sift.pipeline.lambda.MonitorHandler::runDailyMonitor}), run by infra's schedule with
 * {@code {"trigger": "schedule"}}: yesterday's window. {@code {"since": "yyyy-mm-dd", "until":
 * "yyyy-mm-dd"}} re-runs another window. The work is {@link DailyMonitor}; its metrics are EMF lines
 * on standard output, which Lambda sends to CloudWatch. A failure (no champion, no reference, S3
 * unreachable) is a function error, which infra alarms on.
 */
public class MonitorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Consumer<String> metrics;

    public MonitorHandler() {
        this(Clock.systemUTC(), System.out::println);
    }

    MonitorHandler(Clock clock, Consumer<String> metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    public void runDailyMonitor(InputStream event, OutputStream answer) throws IOException {
        JsonNode input = LambdaEvents.readObject(event);
        LocalDate since = date(input, "since");
        LocalDate until = date(input, "until");
        DailyMonitor monitor = new DailyMonitor(DailyMonitor.Settings.of(SiftConfigReader.read()), clock, metrics);
        JSON.writeValue(answer, monitor.run(since, until));
    }

    private static LocalDate date(JsonNode input, String field) {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return LocalDate.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' must be a date (yyyy-mm-dd), got " + value);
        }
    }
}
