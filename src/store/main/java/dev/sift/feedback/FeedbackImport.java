package dev.sift.feedback;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code make feedback-import FILE=queue.csv [URL=http://localhost:8080]}: posts each labelled row of a
 * filled review queue to {@code POST /feedback}, so a person's labels go through the same
 * validation and idempotency as any correction. Columns: {@code id,text,label} and optionally
 * {@code predicted,score,model_version}; a row with an empty label is left for later.
 *
 * <p>A 4xx answer refuses that row (reported with the server's message; the rest go on). A 5xx or
 * a connection failure is retried three times, then the import stops with the row named: every
 * row before it is stored, and running the import again stores the rest, since each row keeps its
 * id and a retried id is answered {@code duplicate: true}.
 */
public final class FeedbackImport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 4;

    /** What happened to the file's rows. */
    public record Outcome(int stored, int duplicates, int unlabelled, List<String> refused) {
    }

    private FeedbackImport() {
    }

    public static Outcome run(Path csv, URI server, String source) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI endpoint = server.resolve("/feedback");
        int stored = 0;
        int duplicates = 0;
        int unlabelled = 0;
        List<String> refused = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            for (String column : List.of("id", "text", "label")) {
                if (!rows.getHeaderMap().containsKey(column)) {
                    throw new IllegalArgumentException(csv + " has no '" + column + "' column (header: "
                            + rows.getHeaderNames() + ")");
                }
            }
            for (CSVRecord row : rows) {
                long line = row.getRecordNumber() + 1;
                if (row.get("label").isBlank()) {
                    unlabelled++;
                    continue;
                }
                HttpResponse<String> answer = post(http, endpoint, body(row, source), line);
                JsonNode json = parse(answer.body());
                if (answer.statusCode() == 200) {
                    if (json.path("duplicate").asBoolean()) {
                        duplicates++;
                    } else {
                        stored++;
                    }
                } else {
                    refused.add("row " + line + " (id " + row.get("id") + "): " + answer.statusCode() + " "
                            + json.path("error").path("code").asText("?") + ": "
                            + json.path("error").path("message").asText(answer.body()));
                }
            }
        }
        return new Outcome(stored, duplicates, unlabelled, refused);
    }

    private static String body(CSVRecord row, String source) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", row.get("id"));
        body.put("text", row.get("text"));
        body.put("label", row.get("label").strip());
        if (row.isMapped("predicted") && !row.get("predicted").isBlank()) {
            body.put("predicted", row.get("predicted"));
        }
        if (row.isMapped("score") && !row.get("score").isBlank()) {
            body.put("score", Double.parseDouble(row.get("score")));
        }
        if (row.isMapped("model_version") && !row.get("model_version").isBlank()) {
            body.put("modelVersion", row.get("model_version"));
        }
        body.put("source", source);
        return body.toString();
    }

    private static HttpResponse<String> post(HttpClient http, URI endpoint, String body, long line) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (answer.statusCode() < 500) {
                    return answer;
                }
                last = new IOException(answer.statusCode() + " " + answer.body());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted at row " + line, e);
            }
            try {
                Thread.sleep(250L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted at row " + line, e);
            }
        }
        throw new IOException("row " + line + ": " + endpoint + " did not take the correction after " + ATTEMPTS
                + " attempts (" + last.getMessage() + "); the rows before it are stored: run the import again", last);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: FeedbackImport FILE.csv [URL (default http://localhost:8080)] [SOURCE (default review-queue)]");
            System.exit(2);
        }
        URI server = URI.create(args.length > 1 ? args[1] : "http://localhost:8080");
        Outcome outcome;
        try {
            outcome = run(Path.of(args[0]), server, args.length > 2 ? args[2] : "review-queue");
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("feedback-import: " + e.getMessage());
            System.exit(2);
            return;
        }
        outcome.refused().forEach(System.err::println);
        System.out.printf("%s: %d stored, %d already stored, %d refused, %d not labelled yet%n", args[0], outcome.stored(),
                outcome.duplicates(), outcome.refused().size(), outcome.unlabelled());
        if (!outcome.refused().isEmpty()) {
            System.exit(1);
        }
    }
}
