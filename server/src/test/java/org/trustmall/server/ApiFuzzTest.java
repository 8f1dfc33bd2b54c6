package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.server.api.Route;
import org.trustmall.server.routes.Api;

/**
 * At least a thousand malformed requests against every endpoint — bad JSON, wrong types, huge numbers, missing
 * fields, unknown ids, oversize bodies, unknown paths — and not one 5xx; every error is problem+json.
 */
class ApiFuzzTest {
    @TempDir
    static Path dir;
    static TestPlatform p;
    static String buyer;
    static String merchant;

    @BeforeAll
    static void world() {
        p = TestPlatform.start(dir);
        buyer = register(p.http, "fuzz-buyer@example.com", "buyer", "Fuzz Buyer");
        merchant = register(p.http, "fuzz-shop@example.com", "merchant", "Fuzz Shop");
        p.http.post("/api/v1/products", merchant, product("Fuzz Kettle 水壶", "FZ-1", 1_000, 50));
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    private static final String[] BAD_BODIES = {
        "", "{", "}", "[]", "null", "42", "\"text\"", "{\"a\":}", "{'single':'quotes'}", "{\"x\":1,\"x\":2}",
        "{\"email\": 12, \"password\": true}", "{\"quantity\": 1e309}", "{\"quantity\": 99999999999999999999999}",
        "{\"quantity\": -1}", "{\"quantity\": 1.5}", "{\"sku\": null}", "{\"title\": [\"a\"]}",
        "{\"variants\": \"no\"}", "{\"variants\": [1,2,3]}", "{\"price\": {\"amount\": \"ten\"}}",
        "{\"shippingAddress\": {}}", "{\"cardNumber\": \"abcd\"}", "{\"kind\": \"teleported\"}",
        "{\"deep\":" + "[".repeat(200) + "]".repeat(200) + "}", "\u0000\u0001\u0002", "{\"unicode\": \"\\ud800\"}",
        "{\"title\": \"" + "x".repeat(5000) + "\"}", "{\"accountId\": 0}", "{\"accountId\": \"1\"}",
    };

    @Test
    void malformedRequestsNeverCauseA5xxAndAlwaysAnswerProblemJson() {
        Random random = new Random(20261129);
        List<Route> routes = new Api(p.commerce, p.ledger).routes();
        String[] tokens = {null, buyer, merchant, "garbage-token"};
        String[] ids = {"0", "-1", "99999999", "abc", "1.5", "9223372036854775808", "%00", "1;DROP%20TABLE", "%2e%2e", "%25"};
        int sent = 0;
        // Malformed requests come from independent clients, each on its own connection.
        Http fuzz = new Http(p.server.port(), true);
        List<String> failures = new ArrayList<>();
        while (sent < 1_200) {
            Route r = routes.get(random.nextInt(routes.size()));
            String path = r.path();
            if (path.contains("{")) {
                // Any path parameter ({id}, {code}) gets a hostile value.
                path = path.replaceAll("\\{[A-Za-z]+}",
                        java.util.regex.Matcher.quoteReplacement(ids[random.nextInt(ids.length)]));
            }
            String method = r.method().name();
            String body = BAD_BODIES[random.nextInt(BAD_BODIES.length)];
            Map<String, String> headers = random.nextBoolean() ? Map.of("Idempotency-Key", "fuzz-key-" + sent)
                    : Map.of();
            String token = tokens[random.nextInt(tokens.length)];
            Http.Response resp;
            try {
                resp = fuzz.send(method, path, token, method.equals("GET") ? null : body, headers);
            } catch (RuntimeException e) {
                failures.add(method + " " + path + ": " + e);
                sent++;
                continue;
            }
            sent++;
            if (resp.status() >= 500) {
                failures.add(method + " " + path + " with " + body + " -> " + resp);
            } else if (resp.status() >= 400 && !resp.isProblem()) {
                failures.add(method + " " + path + " -> " + resp.status() + " without problem+json: " + resp);
            }
        }
        // Oversize bodies, unknown paths and wrong methods.
        String huge = "{\"title\":\"" + "x".repeat(200_000) + "\"}";
        for (int i = 0; i < 20; i++) {
            Http.Response big = p.http.send("POST", "/api/v1/products", merchant, huge, Map.of(), true);
            sent++;
            if (big.status() != 413 || !big.isProblem()) {
                failures.add("oversize body -> " + big.status() + " " + big.contentType());
            }
            Http.Response unknown = p.http.get("/api/v1/no-such-thing/" + i, buyer);
            sent++;
            if (unknown.status() != 404 || !unknown.isProblem()) {
                failures.add("unknown path -> " + unknown);
            }
        }
        assertTrue(sent >= 1_000);
        assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " failures of " + sent);
    }
}
