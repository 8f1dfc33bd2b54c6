package org.trustmall.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.server.api.OrganisationSignature;

/** What the tests that run a loopback ledger cluster and the platform over real HTTP share. */
public final class Loopback {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Loopback() {
    }

    /** The first of {@code n} consecutive free loopback ports (a Raft cluster's nodes take one each). */
    public static int consecutiveFreePorts(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket s = new ServerSocket(0)) {
                base = s.getLocalPort();
            }
            if (base + n - 1 > 65535) {
                continue;
            }
            if (allFree(base, n)) {
                return base;
            }
        }
        throw new IOException("no " + n + " consecutive free ports");
    }

    private static boolean allFree(int base, int n) {
        ServerSocket[] held = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                held[i] = new ServerSocket(base + i);
            }
            return true;
        } catch (IOException busy) {
            return false;
        } finally {
            for (ServerSocket s : held) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing a probe socket
                    }
                }
            }
        }
    }

    /** Polls {@code condition} until it holds, failing the test after 90 s. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** JSON over real loopback HTTP, failing the test on an unexpected status. */
    public record Http(String base) {
        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .build();

        /** Registers an account and signs it in: its bearer token. */
        public String register(String email, String role, String name) throws Exception {
            call("POST", "/api/v1/auth/register", null, Map.of("email", email, "password", "correct horse battery",
                    "role", role, "displayName", name), null, 201);
            return call("POST", "/api/v1/auth/login", null, Map.of("email", email, "password",
                    "correct horse battery"), null, 200).get("token").asText();
        }

        /** The status of a GET signed as {@code organisation} with {@code key}; unsigned when the key is null. */
        public int signed(String path, String organisation, SigningKey key) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .GET();
            if (key != null) {
                b.headers(OrganisationSignature.headers(organisation, key, "GET", path, System.currentTimeMillis())
                        .toArray(String[]::new));
            }
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        }

        public JsonNode call(String method, String path, String token, Object body, String idempotencyKey,
                             int expected) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .header("Content-Type", "application/json");
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (idempotencyKey != null) {
                b.header("Idempotency-Key", idempotencyKey);
            }
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(expected, r.statusCode(), () -> method + " " + path + ": " + r.body());
            return JSON.readTree(r.body());
        }
    }
}
