package dev.sift.discover;

import dev.sift.model.BundleException;
import picocli.CommandLine;

/**
 * Runs a picocli command the way sift's tools answer bad input: the message, naming the file, row
 * or option, on stderr and exit code 2, never a stack trace. Anything else is a bug and keeps its trace.
 */
final class CommandLines {
    /** Held: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static java.util.logging.Logger tribuoLog;

    private CommandLines() {
    }

    static int run(Object command, String... args) {
        // Where JBoss's log manager is on the class path (Quarkus's tests) it complains when the JDK's
        // is touched first; elsewhere naming it prints a stack trace and leaves Tribuo at INFO.
        // Tribuo logs each k-means iteration at INFO, which would break the progress lines.
        if (CommandLines.class.getClassLoader().getResource("org/jboss/logmanager/LogManager.class") != null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        tribuoLog = java.util.logging.Logger.getLogger("org.tribuo");
        tribuoLog.setLevel(java.util.logging.Level.WARNING);
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
