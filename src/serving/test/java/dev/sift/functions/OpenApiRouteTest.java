package dev.sift.functions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which form /q/openapi answers in; the documents themselves are OpenApiContractTest's. */
class OpenApiRouteTest {
    @Test
    void theFormatParameterWinsOverAccept() {
        assertTrue(OpenApiRoute.wantsJson("json", "application/yaml"));
        assertTrue(OpenApiRoute.wantsJson("JSON", null));
        assertFalse(OpenApiRoute.wantsJson("yaml", "application/json"));
    }

    @Test
    void acceptNamingJsonWithoutAParameter() {
        assertTrue(OpenApiRoute.wantsJson(null, "text/html, application/json;q=0.9"));
        assertTrue(OpenApiRoute.wantsJson("", "application/json"));
        assertFalse(OpenApiRoute.wantsJson(null, "*/*"));
        assertFalse(OpenApiRoute.wantsJson(null, null), "YAML by default");
    }
}
