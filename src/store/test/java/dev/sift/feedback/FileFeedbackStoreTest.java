package dev.sift.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFeedbackStoreTest extends FeedbackStoreContract {
    @TempDir
    Path temp;

    @Override
    PartitionedFeedbackStore newStore() {
        return new FileFeedbackStore(temp.resolve("feedback"));
    }

    @Test
    void leavesNoTempFilesBehindAndNeverListsThem() throws Exception {
        store.save(record("f-1", "text", "negative", DAY_1));
        Path tmp = temp.resolve("feedback/.tmp");
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count());
        }
        // A torn write from a crash: only ever a temp file, and in .tmp, not in a partition.
        Files.writeString(tmp.resolve("crashed.tmp"), "{\"id\": \"f-2\", \"te");
        assertEquals(List.of("dt=2026-05-01/f-1.json"), store.recordKeys());
    }

    @Test
    void removesTempFilesOlderThanAnHourWhenOpened() throws Exception {
        Path tmp = Files.createDirectories(temp.resolve("feedback/.tmp"));
        Path old = Files.writeString(tmp.resolve("old.tmp"), "{");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(7200)));
        Path recent = Files.writeString(tmp.resolve("recent.tmp"), "{");
        new FileFeedbackStore(temp.resolve("feedback")).close();
        assertTrue(Files.notExists(old));
        assertTrue(Files.exists(recent), "may belong to a writer in another process");
    }

    @Test
    void aStoreThatCannotBeWrittenSaysSoInsteadOfLosingTheRecord() throws Exception {
        // Root ignores permissions, so make the directory impossible instead: a regular file in its path.
        Path file = Files.writeString(temp.resolve("not-a-directory"), "x");
        FileFeedbackStore broken = new FileFeedbackStore(file.resolve("feedback"));
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                () -> broken.save(record("f-3", "text", "negative", DAY_1)));
        assertTrue(e.getMessage().contains("not-a-directory"), e.getMessage());
    }
}
