package dev.sift.telemetry;

/** The id of the request being served, for the request log line and every log line it causes. */
public interface RequestIds {
    String current();
}
