package dev.sift.serving;

/**
 * Quarkus configures logging (levels, the JSON format of the lambda profile) through JBoss
 * LogManager, which must be java.util.logging's LogManager. Quarkus's own launchers set that; the
 * managed Lambda runtime starts the JVM with its runtime client as main and does not, so without
 * this the zips log through the JDK's default handler: text lines, no MDC, no JSON, and none of
 * application.properties' log levels. Called first in the zips' handlers, before anything touches
 * java.util.logging; a {@code -Djava.util.logging.manager} given in JAVA_TOOL_OPTIONS wins.
 */
public final class QuarkusLogManager {
    static final String PROPERTY = "java.util.logging.manager";

    private QuarkusLogManager() {
    }

    public static void install() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "org.jboss.logmanager.LogManager");
        }
    }
}
