package dev.sift.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sift.model.ModelInfo;
import dev.sift.serving.ClassifierService;
import dev.sift.telemetry.RequestIdHeader;
import dev.sift.telemetry.ServingMetrics;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.configuration.MemorySize;

/**
 * The API Gateway zip's binding: an HTTP API event (payload format 2.0) in, its response out. It
 * serves what the local server serves there: {@code POST /<function>} for the four functions, the
 * readiness check infra routes {@code GET /health} to, and the try-it page at {@code /}; every
 * refusal with the local server's status and error shape ({@link HttpFailure}).
 *
 * <p>Hand-written rather than quarkus-amazon-lambda-http with funqy-http, which hand every event to
 * a Vert.x HTTP server and router inside the function: starting those, with smallrye-health, cost
 * about 430 ms of this zip's cold start on 2 cores (1,509 ms against the direct zip's 1,078 ms, same
 * run), for five fixed routes. This is one map lookup, on the plain Lambda extension.
 */
@Singleton
public class ApiGatewayRouter implements RequestStreamHandler {
    private static final Logger LOG = Logger.getLogger(ApiGatewayRouter.class);
    private static final String TRY_IT_PAGE = "META-INF/resources/index.html";

    private final Map<String, Function<JsonNode, Object>> functions;
    private final ObjectMapper json;
    private final ApiGatewayRequestIds ids;
    private final ServingMetrics metrics;
    private final ClassifierService service;
    private final long maxBodyBytes;
    private volatile String tryItPage;

    ApiGatewayRouter(ClassifyFunction classify, PreprocessFunction preprocess, FeedbackFunction feedback,
            ClassifyBatchFunction classifyBatch, ObjectMapper json, ApiGatewayRequestIds ids, ServingMetrics metrics,
            ClassifierService service,
            // The local server's key, so one setting bounds both packagings (application.properties).
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "2M") MemorySize maxBody) {
        // The @Funq names, which are the local server's paths.
        this.functions = Map.of("classify", classify::classify, "preprocess", preprocess::preprocess,
                "feedback", feedback::feedback, "classifyBatch", classifyBatch::classifyBatch);
        this.json = json;
        this.ids = ids;
        this.metrics = metrics;
        this.service = service;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiGatewayRequest request = ApiGatewayRequest.of(json.readTree(input));
        ids.begin(request.header(RequestIdHeader.NAME));
        try {
            json.writeValue(output, route(request));
        } finally {
            ids.end();
        }
    }

    ApiGatewayResponse route(ApiGatewayRequest request) throws JsonProcessingException {
        String path = request.path();
        String name = path.startsWith("/") ? path.substring(1) : path;
        Function<JsonNode, Object> function = functions.get(name);
        if (function == null) {
            return notAFunction(request);
        }
        if (request.method().equals("GET")) {
            return refuse(name, HttpFailure.getOnAFunction(path));
        } else if (!request.method().equals("POST")) {
            return refuse(name, HttpFailure.methodNotAllowed(request.method(), path));
        } else if (request.body().length > maxBodyBytes) {
            return refuse(name, HttpFailure.payloadTooLarge());
        }
        JsonNode body;
        try {
            // Quarkus's mapper, made strict by StrictJson: a repeated key or trailing text is malformed.
            body = request.hasBody() ? json.readTree(request.body()) : null;
        } catch (JsonProcessingException malformed) {
            return refuse(name, HttpFailure.malformedJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return invoke(function, body, path);
    }

    private ApiGatewayResponse invoke(Function<JsonNode, Object> function, JsonNode body, String path)
            throws JsonProcessingException {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            return ApiGatewayResponse.json(200, json.writeValueAsString(function.apply(body)));
        } catch (RuntimeException failure) {
            // ObservedRequests has written the request line; only the answer is left to make.
            HttpFailure answer = HttpFailure.of(failure);
            if (answer.status() == 500) {
                LOG.errorf(failure, "request to %s failed", path);
            }
            return answer(answer);
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }

    private ApiGatewayResponse notAFunction(ApiGatewayRequest request) throws JsonProcessingException {
        String path = request.path();
        boolean read = request.method().equals("GET") || request.method().equals("HEAD");
        if (read && (path.equals("/q/health/ready") || path.equals("/q/health"))) {
            return readiness(request.method().equals("HEAD"));
        } else if (read && path.equals("/q/health/live")) {
            return ApiGatewayResponse.json(200, "{\"status\":\"UP\",\"checks\":[]}");
        } else if (read && (path.equals("/") || path.equals("/index.html"))) {
            return ApiGatewayResponse.of(200, "text/html;charset=UTF-8", request.method().equals("HEAD") ? "" : tryItPage());
        }
        return refuse("none", HttpFailure.notFound(path));
    }

    /** smallrye-health's shape, as the local server's /q/health/ready answers (ModelReadinessCheck). */
    private ApiGatewayResponse readiness(boolean head) throws JsonProcessingException {
        Map<String, Object> check;
        if (service.ready()) {
            ModelInfo info = service.classifier().info();
            check = Map.of("name", "model", "status", "UP",
                    "data", Map.of("name", info.name(), "version", info.version(), "kind", info.kind()));
        } else {
            check = Map.of("name", "model", "status", "DOWN", "data", Map.of("status", "loading"));
        }
        String status = (String) check.get("status");
        String body = json.writeValueAsString(Map.of("status", status, "checks", List.of(check)));
        return ApiGatewayResponse.json(status.equals("UP") ? 200 : 503, head ? "" : body);
    }

    /** Read at the first request for it, not at start-up, and kept: 19 KB that never change. */
    private String tryItPage() {
        String page = tryItPage;
        if (page == null) {
            try (InputStream in = ApiGatewayRouter.class.getClassLoader().getResourceAsStream(TRY_IT_PAGE)) {
                if (in == null) {
                    throw new IllegalStateException(TRY_IT_PAGE + " is missing from the zip");
                }
                tryItPage = page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return page;
    }

    /** A request refused before any function ran: its request line and metrics, then the answer. */
    private ApiGatewayResponse refuse(String function, HttpFailure refusal) throws JsonProcessingException {
        ObservedRequests.publishRefusal(metrics, service, ids.current(), function, refusal);
        return answer(refusal);
    }

    private ApiGatewayResponse answer(HttpFailure failure) throws JsonProcessingException {
        ApiGatewayResponse response = ApiGatewayResponse.json(failure.status(), json.writeValueAsString(failure.body()));
        return failure.header() == null ? response : response.withHeader(failure.header(), failure.headerValue());
    }
}
