package dev.sift.discover;

import dev.sift.model.BundleException;
import picocli.CommandLine;

/**
 * Runs a picocli command the way sift's tools answer bad input: the message, naming the file, row
 * or option, on stderr and exit code 2, never a stack trace. Anything else is a bug and keeps its trace.
 */
final class CommandLines {
    private CommandLines() {
    }

    static int run(Object command, String... args) {
        // Quarkus's log manager is on the class path and complains when the JDK's is touched first;
        // Tribuo logs each k-means fit at INFO, which would break the progress lines.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof BadInputException || e instanceof BundleException) {
                line.getErr().println();
                line.getErr().println(line.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
