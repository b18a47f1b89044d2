package dev.sift.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the hand-written contract, {@code META-INF/openapi.yaml}, at {@code /q/openapi}: YAML by
 * default, JSON for {@code ?format=json} or {@code Accept: application/json} (the two forms
 * quarkus-smallrye-openapi served). Funqy's routes are not JAX-RS, so that extension had nothing to
 * scan; all it did was parse this file and write it out as YAML and JSON at every boot, a quarter
 * of Quarkus's boot in the app's cold start (JFR), before the first request could be answered.
 * Here the file is read at the first request for it, off the start-up path, and kept.
 */
@ApplicationScoped
public class OpenApiRoute {
    static final String PATH = "/q/openapi";
    static final String RESOURCE = "META-INF/openapi.yaml";

    private volatile byte[] yaml;
    private volatile byte[] json;

    void register(@Observes Router router) {
        router.route(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).blockingHandler(this::serve);
    }

    void serve(RoutingContext context) {
        boolean asJson = wantsJson(context.request().getParam("format"), context.request().getHeader(HttpHeaders.ACCEPT));
        byte[] body = asJson ? json() : yaml();
        context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, asJson ? "application/json;charset=UTF-8" : "application/yaml;charset=UTF-8")
                .end(io.vertx.core.buffer.Buffer.buffer(body));
    }

    /** The format parameter wins; without it, an Accept header that names JSON; else YAML, as before. */
    static boolean wantsJson(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return format.trim().equalsIgnoreCase("json");
        }
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("application/json");
    }

    byte[] yaml() {
        byte[] document = yaml;
        if (document == null) {
            try (InputStream in = OpenApiRoute.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the application");
                }
                yaml = document = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return document;
    }

    byte[] json() {
        byte[] document = json;
        if (document == null) {
            try {
                json = document = new ObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(new YAMLMapper().readTree(yaml()));
            } catch (IOException e) {
                throw new UncheckedIOException(RESOURCE + " is not valid YAML", e);
            }
        }
        return document;
    }
}
