package org.trustmall.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small real-HTTP client for the tests: JSON in, JSON (or problem+json) out. */
public final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final boolean connectionPerRequest;

    public Http(int port) {
        this(port, false);
    }

    /**
     * With {@code connectionPerRequest}, every request opens its own connection, as independent hostile clients
     * would; otherwise connections are pooled and reused like a browser's.
     */
    public Http(int port, boolean connectionPerRequest) {
        this.base = "http://127.0.0.1:" + port;
        this.connectionPerRequest = connectionPerRequest;
    }

    /** A response: status, content type, raw body, (when JSON) the parsed body, and every header. */
    public record Response(int status, String contentType, String body, JsonNode json, HttpHeaders headers) {
        /** The header's first value, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    public Response send(String method, String path, String token, String body, Map<String, String> headers) {
        return send(method, path, token, body, headers, false);
    }

    /**
     * With {@code expectContinue}, the body is sent only after the server agrees to read it, as a client uploading a
     * large body should: a server that refuses it (413) answers before a single body byte is sent.
     */
    public Response send(String method, String path, String token, String body, Map<String, String> headers,
                         boolean expectContinue) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .expectContinue(expectContinue);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpClient c = connectionPerRequest ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                : client;
        try {
            HttpResponse<String> r = c.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String ct = r.headers().firstValue("Content-Type").orElse(null);
            JsonNode json = null;
            if (ct != null && ct.contains("json") && !r.body().isEmpty()) {
                json = JSON.readTree(r.body());
            }
            return new Response(r.statusCode(), ct, r.body(), json, r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (c != client) {
                c.close();
            }
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body == null ? null : write(body), Map.of());
    }

    public Response post(String path, String token, Object body, Map<String, String> headers) {
        return send("POST", path, token, body == null ? null : write(body), headers);
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, write(body), Map.of());
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    static String write(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
