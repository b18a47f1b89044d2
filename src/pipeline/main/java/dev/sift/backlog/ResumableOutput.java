package dev.sift.backlog;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.batch.RowError;
import dev.sift.batch.RowOutcome;

/**
 * The output of a backlog job that survives being killed at any instant: results in {@code OUT},
 * row errors in {@code OUT.errors.jsonl}, and {@code OUT.progress.json}, a checkpoint of how many
 * input rows both files hold and how long each file was at that point.
 *
 * <p>Outcomes are appended in input-row order; a checkpoint is taken after both files are flushed
 * and forced to disk, and replaces the previous one by an atomic rename. A rerun truncates both
 * files to the checkpoint's lengths (dropping whatever a kill left after it, including a half
 * line) and continues from the next row, so no row is missing or written twice.
 */
final class ResumableOutput implements Closeable {
    /** What makes a rerun "the same command": a different input, column or model does not resume. */
    record Job(String input, long inputBytes, long inputModified, String column, String idColumn, String model, int topK) {
    }

    /** The checkpoint file's content. */
    record Checkpoint(Job job, long rowsDone, long results, long errors, long resultsBytes, long errorsBytes,
                      boolean complete) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path progressFile;
    private final Job job;
    private final FileChannel resultsChannel;
    private final FileChannel errorsChannel;
    private final OutputStream results;
    private final OutputStream errors;
    private final Checkpoint resumedFrom;
    private long rowsDone;
    private long resultCount;
    private long errorCount;

    private ResumableOutput(Path out, Job job, Checkpoint resumedFrom) throws IOException {
        this.progressFile = progressFile(out);
        this.job = job;
        this.resumedFrom = resumedFrom;
        this.resultsChannel = openAt(out, resumedFrom == null ? 0 : resumedFrom.resultsBytes());
        this.errorsChannel = openAt(errorsFile(out), resumedFrom == null ? 0 : resumedFrom.errorsBytes());
        this.results = new BufferedOutputStream(Channels.newOutputStream(resultsChannel), 1 << 16);
        this.errors = new BufferedOutputStream(Channels.newOutputStream(errorsChannel), 1 << 14);
        if (resumedFrom != null) {
            rowsDone = resumedFrom.rowsDone();
            resultCount = resumedFrom.results();
            errorCount = resumedFrom.errors();
        }
    }

    static Path errorsFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".errors.jsonl");
    }

    static Path progressFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".progress.json");
    }

    /**
     * Opens {@code out} for {@code job}: fresh when nothing is there (or {@code overwrite}), resumed
     * from its checkpoint when a run of the same job stopped; refused when {@code out} holds
     * anything else, so earlier results are never overwritten by accident.
     */
    static ResumableOutput open(Path out, Job job, boolean overwrite) throws IOException {
        Path progress = progressFile(out);
        if (overwrite) {
            Files.deleteIfExists(out);
            Files.deleteIfExists(errorsFile(out));
            Files.deleteIfExists(progress);
        }
        if (Files.exists(progress)) {
            Checkpoint checkpoint = JSON.readValue(progress.toFile(), Checkpoint.class);
            if (!job.equals(checkpoint.job())) {
                throw new IllegalStateException(out + " holds the output of another job (" + checkpoint.job()
                        + "; this one is " + job + "). Rerun that job's command to resume it, choose another OUT, "
                        + "or pass --overwrite (OVERWRITE=1) to replace it");
            }
            if (Files.size(out) < checkpoint.resultsBytes() || Files.size(errorsFile(out)) < checkpoint.errorsBytes()) {
                throw new IllegalStateException(out + " is shorter than its checkpoint " + progress
                        + " says: it was changed outside this job; pass --overwrite (OVERWRITE=1) to start again");
            }
            return new ResumableOutput(out, job, checkpoint);
        }
        if (Files.exists(out) || Files.exists(errorsFile(out))) {
            throw new IllegalStateException(out + " already exists and is not a resumable run (no " + progress.getFileName()
                    + "); choose another OUT or pass --overwrite (OVERWRITE=1) to replace it");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new ResumableOutput(out, job, null);
    }

    /** The checkpoint this run resumed from, or null for a fresh run. */
    Checkpoint resumedFrom() {
        return resumedFrom;
    }

    long rowsDone() {
        return rowsDone;
    }

    long results() {
        return resultCount;
    }

    long errors() {
        return errorCount;
    }

    /** Appends the outcomes of the next rows, in row order; durable once {@link #checkpoint} returns. */
    void append(List<RowOutcome> outcomes) throws IOException {
        for (RowOutcome outcome : outcomes) {
            if (outcome.row() != rowsDone + 1) {
                throw new IllegalStateException("row " + outcome.row() + " written after row " + rowsDone);
            }
            if (outcome instanceof RowError) {
                errors.write(JSON.writeValueAsBytes(outcome));
                errors.write('\n');
                errorCount++;
            } else {
                results.write(JSON.writeValueAsBytes(outcome));
                results.write('\n');
                resultCount++;
            }
            rowsDone = outcome.row();
        }
    }

    /** Makes everything appended so far durable and recorded: a kill after this loses nothing before it. */
    void checkpoint() throws IOException {
        save(false);
    }

    /** The last checkpoint, marked complete: a rerun of the same command reports the job done. */
    void complete() throws IOException {
        save(true);
    }

    private void save(boolean complete) throws IOException {
        results.flush();
        errors.flush();
        resultsChannel.force(false);
        errorsChannel.force(false);
        Checkpoint checkpoint = new Checkpoint(job, rowsDone, resultCount, errorCount, resultsChannel.position(),
                errorsChannel.position(), complete);
        Path temp = progressFile.resolveSibling(progressFile.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(checkpoint)));
            channel.force(true);
        }
        try {
            Files.move(temp, progressFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, progressFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileChannel openAt(Path file, long length) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(length);
        channel.position(length);
        return channel;
    }

    @Override
    public void close() throws IOException {
        try (resultsChannel; errorsChannel) {
            results.flush();
            errors.flush();
        }
    }
}
