package dev.sift.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees for bad input: exit code 2 and one message naming the file, row or field; no stack trace. */
class CommandLineBadInputTest {
    @TempDir
    Path dir;

    @Test
    void discoverShouldNameTheMissingColumn() throws IOException {
        Path csv = write("texts.csv", "review\n很好\n");
        assertFails("no column 'text' in the header [review]", new DiscoverCommand(), "--data", csv.toString(),
                "--out", dir.resolve("out").toString());
    }

    @Test
    void discoverShouldRefuseMoreClustersThanTexts() throws IOException {
        Path csv = write("texts.csv", "text\n一\n二\n一\n\n三\n");
        assertFails("K=4 but " + csv + " has only 3 distinct non-blank texts", new DiscoverCommand(),
                "--data", csv.toString(), "--k", "4", "--out", dir.resolve("out").toString());
    }

    @Test
    void discoverShouldRefuseAKThatIsNotANumber() throws IOException {
        Path csv = write("texts.csv", "text\n一\n");
        assertFails("K must be auto or an integer >= 2, got 'ten'", new DiscoverCommand(), "--data", csv.toString(),
                "--k", "ten", "--out", dir.resolve("out").toString());
        assertFails("K=1 is out of range", new DiscoverCommand(), "--data", csv.toString(), "--k", "1",
                "--out", dir.resolve("out").toString());
    }

    @Test
    void discoverShouldRefuseAnUnknownMethod() throws IOException {
        Path csv = write("texts.csv", "text\n一\n");
        assertFails("--method must be spectral or kmeans, got 'dbscan'", new DiscoverCommand(), "--data",
                csv.toString(), "--method", "dbscan", "--out", dir.resolve("out").toString());
    }

    @Test
    void fewshotShouldNameTheDuplicateLabel() throws IOException {
        Path labels = write("labels.json", "{\"labels\": [{\"name\": \"a\", \"examples\": [\"x\"]},"
                + " {\"name\": \"a\", \"examples\": [\"y\"]}]}");
        assertFails("labels[1].name: duplicate label name 'a'", new FewShotCommand(), "--labels", labels.toString(),
                "--out", dir.resolve("bundle").toString());
    }

    @Test
    void fewshotShouldNameTheCsvRowWithAnUnknownLabel() throws IOException {
        Path labels = write("labels.json", "{\"labels\": [{\"name\": \"a\", \"examples\": [\"x\"]},"
                + " {\"name\": \"b\", \"examples\": [\"y\"]}]}");
        Path csv = write("more.csv", "label,text\na,甲\nc,丙\n");
        assertFails(csv + ": row 2, field 'label': label 'c' is not in labels.json", new FewShotCommand(),
                "--labels", labels.toString(), "--data", csv.toString(), "--out", dir.resolve("bundle").toString());
    }

    @Test
    void fewshotShouldRefuseATextTaughtAsTwoLabels() throws IOException {
        Path labels = write("labels.json", "{\"labels\": [{\"name\": \"a\", \"examples\": [\"同一句\"]},"
                + " {\"name\": \"b\", \"examples\": [\"同一句\"]}]}");
        assertFails("is already an example of label 'a'", new FewShotCommand(), "--labels", labels.toString(),
                "--out", dir.resolve("bundle").toString());
    }

    @Test
    void fewshotShouldNameThePoolsMissingColumn_andAPoolOfOnlyExamples() throws IOException {
        Path labels = twoLabels();
        Path pool = write("pool.csv", "review\n很好\n");
        assertFails(pool + ": no column 'text' in the header [review]", new FewShotCommand(), "--labels",
                labels.toString(), "--pool", pool.toString(), "--out", dir.resolve("bundle").toString());
        Path examplesOnly = write("examples.csv", "text\n甲\n\n乙\n");
        assertFails(examplesOnly + ": column 'text' has no text that is not already an example", new FewShotCommand(),
                "--labels", labels.toString(), "--pool", examplesOnly.toString(), "--out", dir.resolve("bundle").toString());
    }

    @Test
    void fewshotShouldRefusePoolOptionsThatDoNotFit() throws IOException {
        Path labels = twoLabels();
        Path pool = write("pool.csv", "text\n很好\n");
        assertFails("--pool teaches a logistic regression head; it cannot be used with --head prototypes",
                new FewShotCommand(), "--labels", labels.toString(), "--pool", pool.toString(), "--head", "prototypes",
                "--out", dir.resolve("bundle").toString());
        assertFails("--write-taught writes the labels a pool was taught; give --pool too", new FewShotCommand(),
                "--labels", labels.toString(), "--write-taught", dir.resolve("taught.csv").toString(),
                "--out", dir.resolve("bundle").toString());
        assertFails("--pool-limit must be at least 1, got 0", new FewShotCommand(), "--labels", labels.toString(),
                "--pool", pool.toString(), "--pool-limit", "0", "--out", dir.resolve("bundle").toString());
    }

    private void assertFails(String expected, Object command, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = CommandLines.run(command, args);
        } finally {
            System.setErr(original);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertTrue(text.contains(expected), text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "no stack trace: " + text);
    }

    /** labels.json with labels a (example 甲) and b (example 乙). */
    private Path twoLabels() throws IOException {
        return write("labels.json", "{\"labels\": [{\"name\": \"a\", \"examples\": [\"甲\"]},"
                + " {\"name\": \"b\", \"examples\": [\"乙\"]}]}");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
