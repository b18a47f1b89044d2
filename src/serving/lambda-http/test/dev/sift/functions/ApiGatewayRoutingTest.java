package dev.sift.functions;

import static dev.sift.functions.ApiGatewayEvents.event;
import static dev.sift.functions.ApiGatewayEvents.invoke;
import static dev.sift.functions.ApiGatewayEvents.withHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sift.testing.CapturedLog;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the API Gateway zip's own binding (ApiGatewayRouter) answers beyond the functions: the
 * methods and bodies it refuses, the pages it serves, the request id it carries into the request
 * log, and an event that is not from an HTTP API.
 */
@QuarkusTest
class ApiGatewayRoutingTest {
    private CapturedLog<Map<String, String>> log;
    private List<Map<String, String>> requestLines;

    @BeforeEach
    void listen() {
        log = CapturedLog.listen("sift.request", record -> ((ExtLogRecord) record).getMdcCopy());
        requestLines = log.records();
    }

    @AfterEach
    void stopListening() {
        log.close();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "PUT    | /classify   | {}                                    | 405 | method_not_allowed",
            "DELETE | /feedback   | null                                  | 405 | method_not_allowed",
            "POST   | /classify   | null                                  | 400 | missing_body",
            "POST   | /classify   | '  '                                  | 400 | missing_body",
            "POST   | /classify   | {\"texts\": [\"好\"], \"texts\": []}  | 400 | malformed_json",
            "POST   | /classify   | {\"texts\": [\"好\"]} trailing        | 400 | malformed_json",
            "POST   | /           | {}                                    | 404 | not_found",
    })
    void refusesWithTheLocalServersStatusAndCode(String method, String path, String body, int status, String code)
            throws Exception {
        ApiGatewayEvents.Answer answer = invoke(event("http-api-v2.json", method, path, body, false));
        assertEquals(status, answer.status(), answer.body());
        assertEquals(code, answer.json().path("error").path("code").asText(), answer.body());
        assertTrue(answer.headers().path("Content-Type").asText().startsWith("application/json"), answer.headers().toString());
        if (status == 405) {
            assertEquals("POST", answer.headers().path("Allow").asText(), "RFC 9110: a 405 names what is allowed");
            assertEquals(method + " is not allowed on " + path + "; use POST",
                    answer.json().path("error").path("message").asText());
        }
    }

    @Test
    void servesTheTryItPageAtTheRoot() throws Exception {
        ApiGatewayEvents.Answer page = invoke(event("http-api-v2.json", "GET", "/", null, false));
        assertEquals(200, page.status());
        assertTrue(page.headers().path("Content-Type").asText().startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains("/classify"), "the page posts to the functions");
        ApiGatewayEvents.Answer head = invoke(event("http-api-v2.json", "HEAD", "/", null, false));
        assertEquals(200, head.status());
        assertEquals("", head.body());
    }

    @Test
    void answersLivenessAsSmallryeHealthWould() throws Exception {
        ApiGatewayEvents.Answer live = invoke(event("http-api-v2.json", "GET", "/q/health/live", null, false));
        assertEquals(200, live.status());
        assertEquals("UP", live.json().path("status").asText());
    }

    @Test
    void carriesTheCallersRequestIdIntoTheRequestLogAndReplacesOneThatCouldForgeALine() throws Exception {
        String classify = event("http-api-v2.json", "POST", "/classify", "{\"texts\": [\"房间干净\"]}", false);
        assertEquals(200, invoke(withHeader(classify, "X-Request-Id", "apigw-2026-12-02.b7")).status());
        assertEquals(1, requestLines.size(), requestLines.toString());
        assertEquals("apigw-2026-12-02.b7", requestLines.get(0).get("requestId"));
        assertEquals("classify", requestLines.get(0).get("function"));

        requestLines.clear();
        assertEquals(200, invoke(withHeader(classify, "X-Request-Id", "x\" level=ERROR")).status());
        assertNotEquals("x\" level=ERROR", requestLines.get(0).get("requestId"));
        assertTrue(requestLines.get(0).get("requestId").matches("[0-9a-f]{16}|[0-9a-f-]{36}"), requestLines.toString());
    }

    @Test
    void logsARequestRefusedBeforeAnyFunctionRanUnderTheFunctionItNamed() throws Exception {
        invoke(withHeader(event("http-api-v2.json", "POST", "/preprocess", "{\"texts\": [", false), "X-Request-Id", "bad-1"));
        invoke(event("http-api-v2.json", "POST", "/no-such-function", "{}", false));
        assertEquals(2, requestLines.size(), requestLines.toString());
        assertEquals("bad-1", requestLines.get(0).get("requestId"));
        assertEquals("preprocess", requestLines.get(0).get("function"));
        assertEquals("malformed_json", requestLines.get(0).get("outcome"));
        assertEquals("none", requestLines.get(1).get("function"), "a path is not a function name");
        assertEquals("not_found", requestLines.get(1).get("outcome"));
    }

    @Test
    void routesAnApiOnANamedStageWhosePathsCarryTheStage() throws Exception {
        String onStage = event("http-api-v2.json", "POST", "/prod/classify", "{\"texts\": [\"房间干净\"]}", false)
                .replace("\"stage\":\"$default\"", "\"stage\":\"prod\"");
        assertTrue(onStage.contains("\"stage\":\"prod\""), "the fixture names its stage: " + onStage);
        ApiGatewayEvents.Answer answer = invoke(onStage);
        assertEquals(200, answer.status(), answer.body());
        assertEquals(1, answer.json().path("results").size(), answer.body());
        assertEquals("/classify", ApiGatewayRequest.withoutStage("/prod/classify", "prod"));
        assertEquals("/production/classify", ApiGatewayRequest.withoutStage("/production/classify", "prod"));
        assertEquals("/", ApiGatewayRequest.withoutStage("/prod", "prod"));
        assertEquals("/classify", ApiGatewayRequest.withoutStage("/classify", "$default"));
    }

    @Test
    void anEventThatIsNotFromAnHttpApiIsAFunctionErrorThatSaysSo() {
        // A direct-invocation payload sent to this zip by mistake: the deployment's fault, not a client's.
        String error = ApiGatewayEvents.invokeRaw("{\"texts\": [\"好\"]}").then().extract().asString();
        assertTrue(error.contains("not an API Gateway HTTP API event (payload format 2.0)"), error);
    }
}
