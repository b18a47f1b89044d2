package dev.sift.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sift.feedback.FeedbackImport;
import dev.sift.feedback.FeedbackRecord;
import dev.sift.feedback.FeedbackService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * make feedback-import against the running app: a filled review queue's labelled rows are stored
 * through POST /feedback, unlabelled rows wait, a row the server refuses is reported with its
 * message, and importing the same file again stores nothing twice.
 */
@QuarkusTest
class FeedbackImportTest {
    @TestHTTPResource("/")
    URL app;

    @Inject
    FeedbackService feedback;

    @Test
    void importsTheLabelledRowsOnceAndReportsTheRefusedOnes() throws IOException {
        String unique = Long.toString(System.nanoTime(), 36);
        Path queue = Files.createTempFile("queue", ".csv");
        Files.writeString(queue, "id,text,predicted,score,model_version,label\n"
                + "rq-" + unique + "a,\"前台很热情，\n房间有点小\",negative,0.52,1.3.0,positive\n"
                + "rq-" + unique + "b,还行吧" + unique + ",positive,0.51,1.3.0,\n"
                + "rq-" + unique + "c,一般" + unique + ",positive,0.55,1.3.0,neutral\n", StandardCharsets.UTF_8);

        FeedbackImport.Outcome first = FeedbackImport.run(queue, URI.create(app.toString()), "review-queue");
        assertEquals(1, first.stored());
        assertEquals(1, first.unlabelled());
        assertEquals(1, first.refused().size());
        assertTrue(first.refused().get(0).startsWith("row 4 (id rq-" + unique + "c): 400 unknown_label: 'label' must be one of"),
                first.refused().get(0));

        String key = feedback.store().recordKeys().stream().filter(k -> k.endsWith("/rq-" + unique + "a.json"))
                .findFirst().orElseThrow();
        FeedbackRecord record = feedback.store().read(key);
        assertEquals("前台很热情，\n房间有点小", record.text(), "a quoted newline survives");
        assertEquals("positive", record.label());
        assertEquals("negative", record.predicted());
        assertEquals("review-queue", record.source());

        FeedbackImport.Outcome again = FeedbackImport.run(queue, URI.create(app.toString()), "review-queue");
        assertEquals(0, again.stored());
        assertEquals(1, again.duplicates(), "the same id again is a duplicate, not a second record");
    }

    @Test
    void refusesAFileWithoutTheColumnsItNeeds() throws IOException {
        Path bad = Files.createTempFile("queue", ".csv");
        Files.writeString(bad, "text,label\n好,positive\n", StandardCharsets.UTF_8);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FeedbackImport.run(bad, URI.create(app.toString()), "review-queue"));
        assertTrue(e.getMessage().contains("has no 'id' column"), e.getMessage());
    }
}
