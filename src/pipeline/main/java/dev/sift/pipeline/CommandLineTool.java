package dev.sift.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

import dev.sift.model.BundleException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * How the pipeline's command-line tools ({@code make evaluate}, {@code make prepare}, …) parse
 * their arguments and end: picocli replaced a hand-written loop per tool, which threw
 * NumberFormatException on a bad number, read a missing option's value from the next flag, and
 * had no {@code --help}. Exit codes are picocli's: 0 done, 1 failed, 2 bad arguments (the message
 * and the usage, no stack trace); a tool may add its own (PromoteBundle: 3 for a rejected bundle).
 */
public final class CommandLineTool {
    private CommandLineTool() {
    }

    /** {@code -h}/{@code --help} on every tool; picocli's standard mixin would add a {@code --version} these have none for. */
    public static final class Help {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean requested;
    }

    /**
     * Runs the command and leaves the JVM with its exit code unless that is 0: returning instead
     * of exiting lets a tool run inside another JVM, as BuildEmbeddingBundle does in Maven's
     * (exec:java) and EvaluateBundle in its test.
     */
    /** The first two arguments of the tools that score a bundle on a labelled CSV. */
    static final class BundleOnData {
        @Parameters(index = "0", paramLabel = "BUNDLE",
                description = "A bundle directory, classpath:LOCATION, registry:DIR or registry:s3://bucket/prefix.")
        String bundle;
        @Parameters(index = "1", paramLabel = "DATA.csv", description = "Labelled CSV with label and text columns.")
        Path data;
    }

    public static void run(Object command, String[] args) {
        int exitCode = commandLine(command).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command with the tools' error handling, for {@link #run} and for tests that capture its output. */
    public static CommandLine commandLine(Object command) {
        return new CommandLine(command).setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (expected(e)) {
                // These name the file, row, entry or limit at fault; a stack trace would bury that.
                String message = e.getMessage() == null || e instanceof FileSystemException ? e.toString() : e.getMessage();
                commandLine.getErr().println(commandLine.getCommandName() + ": " + message);
            } else {
                e.printStackTrace(commandLine.getErr()); // a bug: the trace is what is needed
            }
            return CommandLine.ExitCode.SOFTWARE;
        });
    }

    /** A bad argument found after parsing (a range, a pair): reported like one picocli found, exit 2. */
    public static ParameterException badArgument(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static boolean expected(Exception e) {
        return e instanceof IOException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof BundleException;
    }
}
