package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService;

/**
 * Risk decisions over real HTTP: the buyer's explanation and review request, 404 for everybody else, the admins'
 * queue and review, and credit scores. (Holding and releasing escrow is tested in commerce; the test platform's
 * threshold holds nothing, so these orders pass and reach the queue by the buyer's request.)
 */
class RiskHttpTest {
    @TempDir
    static Path dir;
    static TestPlatform p;
    static Http http;
    static String merchant;
    static String ann;
    static String bob;
    static String admin;

    @BeforeAll
    static void world() {
        p = TestPlatform.start(dir, TestDatabases.Kind.H2, TestCommerce.CHEAP_HASHER);
        http = p.http;
        merchant = register(http, "risk-shop@example.com", "merchant", "Risk Shop");
        assertEquals(201, http.post("/api/v1/products", merchant, product("Lamp 台灯", "LMP-1", 8_800, 100))
                .status());
        ann = register(http, "risk-ann@example.com", "buyer", "Ann");
        bob = register(http, "risk-bob@example.com", "buyer", "Bob");
        p.commerce.accounts().createUser(new AccountService.Registration("risk-admin@example.com",
                TestCommerce.PASSWORD, Role.ADMIN, "Admin"));
        Http.Response login = http.post("/api/v1/auth/login", null, Map.of("email", "risk-admin@example.com",
                "password", TestCommerce.PASSWORD));
        assertEquals(200, login.status(), login::toString);
        admin = login.json().get("token").asText();
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    private static JsonNode ok(Http.Response r) {
        assertTrue(r.status() == 200 || r.status() == 201, r::toString);
        return r.json();
    }

    private static void notFound(Http.Response r) {
        assertEquals(404, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
    }

    private static long paidOrder(String buyer, String key) {
        ok(http.post("/api/v1/cart/items", buyer, Map.of("sku", "LMP-1", "quantity", 1)));
        long id = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "risk-checkout-" + key)).json().get("orders").get(0).get("id").asLong();
        ok(http.post("/api/v1/orders/" + id + "/pay", buyer, Map.of("cardNumber", "4242424242424242"),
                Map.of("Idempotency-Key", "risk-pay-" + key)));
        return id;
    }

    @Test
    void theBuyerSeesTheDecisionAndAsksForReviewWhileEverybodyElseGetsNotFound() {
        long id = paidOrder(ann, "a1");
        JsonNode d = ok(http.get("/api/v1/orders/" + id + "/risk", ann));
        assertEquals("pass", d.get("outcome").asText(), d::toString);
        assertFalse(d.get("held").asBoolean());
        assertEquals(64, d.get("ledger").get("featureCommitment").asText().length());
        String tx = d.get("ledger").get("transactionId").asText();
        ok(http.get(d.get("ledger").get("proof").asText(), null));
        assertTrue(d.get("explanation").size() > 0);
        assertTrue(d.get("explanation").get(0).get("text").asText().endsWith("the risk score."));
        assertFalse(d.toString().contains("risk-ann"), "no personal data in the decision");

        notFound(http.get("/api/v1/orders/" + id + "/risk", bob));
        notFound(http.post("/api/v1/orders/" + id + "/risk/review-request", bob, Map.of("note", "let me see")));
        assertEquals(403, http.get("/api/v1/orders/" + id + "/risk", merchant).status());

        JsonNode asked = ok(http.post("/api/v1/orders/" + id + "/risk/review-request", ann,
                Map.of("note", "please check")));
        assertEquals("please check", asked.get("review").get("requestNote").asText());
        assertEquals(409, http.post("/api/v1/orders/" + id + "/risk/review-request", ann, Map.of()).status());

        JsonNode queue = ok(http.get("/api/v1/admin/risk/reviews", admin));
        assertEquals(1, queue.size());
        assertEquals(id, queue.get(0).get("orderId").asLong());
        assertEquals(tx, queue.get(0).get("decision").get("ledger").get("transactionId").asText());
        assertEquals(403, http.get("/api/v1/admin/risk/reviews", ann).status());

        JsonNode reviewed = ok(http.post("/api/v1/admin/risk/reviews/" + id, admin,
                Map.of("action", "release", "note", "checked with the bank")));
        assertEquals("released", reviewed.get("review").get("outcome").asText());
        assertEquals(0, ok(http.get("/api/v1/admin/risk/reviews", admin)).size());
        assertEquals(422, http.post("/api/v1/admin/risk/reviews/" + id, admin, Map.of("action", "ignore"))
                .status());
    }

    @Test
    void creditScoresAreShownToTheirOwnersWithReasons() {
        JsonNode buyer = ok(http.get("/api/v1/me/credit", bob));
        assertEquals("buyer", buyer.get("role").asText());
        assertTrue(buyer.get("reasons").toString().contains("completed order"), buyer::toString);
        JsonNode shop = ok(http.get("/api/v1/me/credit", merchant));
        assertEquals("merchant", shop.get("role").asText());
        long bobId = http.get("/api/v1/auth/me", bob).json().get("id").asLong();
        assertEquals(buyer.get("score"), ok(http.get("/api/v1/admin/credit/" + bobId, admin)).get("score"));
        assertEquals(403, http.get("/api/v1/admin/credit/" + bobId, bob).status());
    }
}
