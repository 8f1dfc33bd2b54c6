package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.server.api.Route;
import org.trustmall.server.routes.Api;

/** The operational endpoints: a complete OpenAPI document, health, and Prometheus metrics. */
class OperationsTest {
    @TempDir
    static Path dir;
    static TestPlatform p;

    @BeforeAll
    static void start() {
        p = TestPlatform.start(dir);
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointWithItsSchemas() {
        Http.Response r = p.http.get("/openapi.json", null);
        assertEquals(200, r.status());
        JsonNode paths = r.json().get("paths");
        for (Route route : new Api(p.commerce, p.ledger).routes()) {
            JsonNode op = paths.path(route.path()).path(route.method().name().toLowerCase(Locale.ROOT));
            assertTrue(op.isObject(), "missing " + route.method() + " " + route.path());
            assertTrue(op.path("responses").has(Integer.toString(route.status())), route.path());
            if (route.request() != null) {
                assertTrue(op.path("requestBody").path("content").path("application/json").has("schema"),
                        route.path());
            }
            if (route.response() != null) {
                assertTrue(op.path("responses").path(Integer.toString(route.status())).path("content").isObject(),
                        route.path());
            }
            assertTrue(op.path("responses").has("422"), route.path());
        }
        for (String ops : new String[] {"/health", "/metrics"}) {
            assertTrue(paths.has(ops), ops);
        }
        assertEquals("3.1.0", r.json().get("openapi").asText());
    }

    @Test
    void healthSaysOkAndMetricsAreInThePrometheusTextFormat() {
        assertEquals("ok", p.http.get("/health", null).json().get("status").asText());
        p.http.get("/api/v1/products", null);
        Http.Response m = p.http.get("/metrics", null);
        assertEquals(200, m.status());
        assertTrue(m.contentType().startsWith("text/plain"), m.contentType());
        assertTrue(m.body().contains("# TYPE trustmall_http_requests_total counter"), m.body());
        assertTrue(m.body().contains("trustmall_http_requests_total{method=\"GET\",route=\"/api/v1/products\","
                + "status=\"200\"}"), m.body());
        assertTrue(m.body().contains("trustmall_ledger_height"), m.body());
        for (String line : m.body().split("\n")) {
            assertTrue(line.startsWith("#") || line.matches("[a-z_]+(\\{[^}]*})? [0-9.eE+-]+"), line);
        }
    }
}
