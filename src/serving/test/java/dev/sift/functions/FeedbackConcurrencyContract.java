package dev.sift.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sift.feedback.FeedbackIds;
import dev.sift.feedback.FeedbackRecord;
import dev.sift.feedback.FeedbackService;
import dev.sift.feedback.FeedbackStore;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * 1,000 feedback posts from 16 concurrent clients against the running app, 20% of them retries of
 * earlier posts (half with a client id, half identified by text + label + source): the store then
 * holds exactly one record per unique post, and every record parses. Posts that reuse one id for
 * two corrections store the first to arrive and answer the other 409. Each store's test extends this.
 */
abstract class FeedbackConcurrencyContract {
    static final int POSTS = 1000;
    static final int CLIENTS = 16;
    static final int RETRY_EVERY = 5; // every 5th post repeats an earlier one: 20%

    @TestHTTPResource("/feedback")
    URI feedbackUri;

    @Inject
    FeedbackService feedback;

    private record Post(String body, String id) {
    }

    @Test
    void ofConcurrentPostsReusingOneIdOnlyTheFirstCorrectionIsStoredAndTheOtherIs409() throws Exception {
        String id = "reuse-" + Long.toHexString(new Random().nextLong());
        String a = "{\"id\": \"" + id + "\", \"text\": \"早餐丰富\", \"label\": \"positive\"}";
        String b = "{\"id\": \"" + id + "\", \"text\": \"早餐很差\", \"label\": \"negative\"}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            HttpRequest request = HttpRequest.newBuilder(feedbackUri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(c % 2 == 0 ? a : b)).build();
            answers.add(clients.submit(() -> http.send(request, HttpResponse.BodyHandlers.ofString())));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            outcomes.add(response.statusCode() + (response.body().contains("\"duplicate\":false") ? " created"
                    : response.body().contains("\"duplicate\":true") ? " duplicate"
                    : response.body().contains("\"id_conflict\"") ? " id_conflict" : " " + response.body()));
        }
        clients.shutdown();
        assertEquals(1, outcomes.stream().filter("200 created"::equals).count(), outcomes.toString());
        assertEquals(CLIENTS / 2 - 1, outcomes.stream().filter("200 duplicate"::equals).count(), outcomes.toString());
        assertEquals(CLIENTS / 2, outcomes.stream().filter("409 id_conflict"::equals).count(), outcomes.toString());
        List<String> keys = feedback.store().recordKeys().stream().filter(k -> k.endsWith("/" + id + ".json")).toList();
        assertEquals(1, keys.size(), keys.toString());
    }

    @Test
    void storesEachUniquePostExactlyOnceUnderConcurrentRetries() throws Exception {
        Random random = new Random(42);
        String run = Long.toHexString(random.nextLong());
        List<Post> uniques = new ArrayList<>();
        List<Post> plan = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            if (i % RETRY_EVERY == RETRY_EVERY - 1) {
                plan.add(uniques.get(random.nextInt(uniques.size())));
                continue;
            }
            int n = uniques.size();
            String text = "第" + n + "条反馈（" + run + "）：" + (n % 2 == 0 ? "房间干净，早餐丰富" : "隔音太差，一夜没睡好");
            String label = n % 2 == 0 ? "positive" : "negative";
            String source = n % 3 == 0 ? "web" : "app";
            Post post = n % 2 == 0
                    ? new Post("{\"id\": \"c-" + run + "-" + n + "\", \"text\": \"" + text + "\", \"label\": \"" + label
                            + "\", \"source\": \"" + source + "\", \"metadata\": {\"n\": " + n + "}}", "c-" + run + "-" + n)
                    : new Post("{\"text\": \"" + text + "\", \"label\": \"" + label + "\", \"source\": \"" + source
                            + "\", \"predicted\": \"positive\", \"score\": 0.62}", FeedbackIds.derive(text, label, source));
            uniques.add(post);
            plan.add(post);
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger cursor = new AtomicInteger();
        AtomicInteger created = new AtomicInteger();
        Set<String> failures = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                for (int i; (i = cursor.getAndIncrement()) < POSTS;) {
                    HttpRequest request = HttpRequest.newBuilder(feedbackUri).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(plan.get(i).body())).build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    } else if (response.body().contains("\"duplicate\":false")) {
                        created.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %d posts from %d clients in %.2f s (%.0f posts/s), %d unique%n",
                getClass().getSimpleName(), POSTS, CLIENTS, seconds, POSTS / seconds, uniques.size());

        assertEquals(Set.of(), failures);
        assertEquals(uniques.size(), created.get(), "answers with duplicate: false");
        FeedbackStore store = feedback.store();
        int records = 0;
        Set<String> storedIds = new HashSet<>();
        for (String key : store.recordKeys()) {
            FeedbackRecord record = store.read(key); // throws unless complete and valid
            if (record.text().contains(run)) { // the store is shared with the other tests of this app
                records++;
                storedIds.add(record.id());
            }
        }
        assertEquals(uniques.size(), records, "records of this run in the store");
        Set<String> expectedIds = new HashSet<>();
        uniques.forEach(p -> expectedIds.add(p.id()));
        assertEquals(expectedIds, storedIds);
    }
}
