package dev.sift.functions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import io.restassured.response.Response;

/**
 * The OpenAPI document the running app serves at {@code /q/openapi}, used as a validator: an answer
 * is checked against the schema the document gives its operation and status, so a test fails when
 * code and contract disagree. The schemas are JSON Schema 2020-12 (OpenAPI 3.1), validated with the
 * OpenAPI 3.1 dialect; their {@code $ref}s resolve inside the document.
 */
final class OpenApiContract {
    /** Where the fetched document is registered for the validator; never fetched from there. */
    private static final String DOCUMENT_IRI = "https://sift.test/q/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistry registry;

    private OpenApiContract(String documentJson) throws Exception {
        this.document = JSON.readTree(documentJson);
        this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT_IRI, documentJson)));
    }

    /** The document the app under test serves now. */
    static OpenApiContract served() {
        String json = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        try {
            return new OpenApiContract(json);
        } catch (Exception e) {
            throw new AssertionError("/q/openapi is not JSON: " + e.getMessage(), e);
        }
    }

    JsonNode document() {
        return document;
    }

    /**
     * Checks a real answer against the document: its status is documented for the operation (or,
     * for {@code componentResponse} answers such as 404, under components/responses), its body
     * validates against that response's schema, it is JSON, and it carries the headers the document
     * says it does.
     */
    void assertAnswer(String method, String path, Response response) {
        String pointer = "/paths/" + escape(path) + "/" + method.toLowerCase() + "/responses/" + response.statusCode();
        assertTrue(!document.at(pointer).isMissingNode(), method + " " + path + " answered " + response.statusCode()
                + ", a status the document does not give it: " + response.asString());
        assertResponse(pointer, method + " " + path, response);
    }

    /** An answer that no operation owns (404 for a path that is no function, 405): components/responses/{name}. */
    void assertComponentAnswer(String name, String what, Response response) {
        String pointer = "/components/responses/" + name;
        assertTrue(!document.at(pointer).isMissingNode(), "no components/responses/" + name);
        assertResponse(pointer, what, response);
    }

    /** Errors of {@code body} against the request schema of an operation (empty: valid). */
    List<Error> requestErrors(String method, String path, String body) {
        String pointer = "/paths/" + escape(path) + "/" + method.toLowerCase()
                + "/requestBody/content/application~1json/schema";
        assertTrue(!document.at(pointer).isMissingNode(), "no request schema for " + method + " " + path);
        return schema(pointer).validate(body, InputFormat.JSON);
    }

    /** Errors of {@code body} against the schema of an operation's answer with {@code status} (empty: valid). */
    List<Error> answerErrors(String method, String path, int status, String body) {
        String pointer = resolveReference("/paths/" + escape(path) + "/" + method.toLowerCase() + "/responses/" + status);
        return schema(pointer + "/content/application~1json/schema").validate(body, InputFormat.JSON);
    }

    private void assertResponse(String pointer, String what, Response response) {
        String resolved = resolveReference(pointer);
        JsonNode documented = document.at(resolved);
        documented.path("headers").fieldNames().forEachRemaining(header -> assertNotNull(response.header(header),
                what + " " + response.statusCode() + " must carry the header " + header + " (" + resolved + ")"));
        String schemaPointer = resolved + "/content/application~1json/schema";
        assertFalse(document.at(schemaPointer).isMissingNode(), resolved + " has no application/json schema");
        String contentType = response.contentType();
        assertTrue(contentType != null && contentType.startsWith("application/json"),
                what + " " + response.statusCode() + " answered Content-Type " + contentType);
        List<Error> errors = schema(schemaPointer).validate(response.asString(), InputFormat.JSON);
        if (!errors.isEmpty()) {
            fail(what + " answered " + response.statusCode() + " with a body that does not match " + resolved + ": "
                    + errors + "\nbody: " + abbreviate(response.asString()));
        }
    }

    /** Follows an OpenAPI reference object ({@code $ref} to components/responses/...) to what it names. */
    private String resolveReference(String pointer) {
        String current = pointer;
        for (int hops = 0; hops < 8; hops++) {
            JsonNode ref = document.at(current).get("$ref");
            if (ref == null) {
                return current;
            }
            assertTrue(ref.asText().startsWith("#/"), "only local references are followed: " + ref.asText());
            current = ref.asText().substring(1);
        }
        throw new AssertionError("reference cycle at " + pointer);
    }

    private Schema schema(String pointer) {
        return registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + pointer));
    }

    /** A path as a JSON Pointer token: {@code /q/health/ready} → {@code ~1q~1health~1ready}. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String abbreviate(String body) {
        return body.length() <= 600 ? body : body.substring(0, 600) + "… (" + body.length() + " characters)";
    }

    static void assertSameStatus(int expected, Response response) {
        assertEquals(expected, response.statusCode(), response.asString());
    }
}
