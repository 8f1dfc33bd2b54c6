package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every cell of the authorisation matrix, over HTTP: who may read or act on whose orders and products, what
 * self-registration may create, and that a revoked token is refused.
 */
class AuthorizationMatrixTest {
    @TempDir
    static Path dir;
    static TestPlatform p;
    static Http http;
    static String buyerA;
    static String buyerB;
    static String merchantA;
    static String merchantB;
    static long productOfA;
    static long orderOfBuyerA;

    @BeforeAll
    static void world() {
        p = TestPlatform.start(dir);
        http = p.http;
        buyerA = register(http, "a@buyers.example", "buyer", "Buyer A");
        buyerB = register(http, "b@buyers.example", "buyer", "Buyer B");
        merchantA = register(http, "a@shops.example", "merchant", "Shop A");
        merchantB = register(http, "b@shops.example", "merchant", "Shop B");
        productOfA = http.post("/api/v1/products", merchantA, product("Teapot 茶壶", "TEA-1", 5_000, 10)).json()
                .get("id").asLong();
        http.post("/api/v1/cart/items", buyerA, Map.of("sku", "TEA-1", "quantity", 1));
        orderOfBuyerA = http.post("/api/v1/orders", buyerA, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "matrix-checkout-a")).json().get("orders").get(0).get("id").asLong();
        http.post("/api/v1/orders/" + orderOfBuyerA + "/pay", buyerA, Map.of("cardNumber", "4242424242424242"),
                Map.of("Idempotency-Key", "matrix-pay-a-1"));
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    private static void refused(Http.Response r, int status) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
    }

    @Test
    void aBuyerCannotReadAnotherBuyersOrder() {
        refused(http.get("/api/v1/orders/" + orderOfBuyerA, buyerB), 404);
        assertEquals(0, http.get("/api/v1/orders", buyerB).json().get("total").asLong());
    }

    @Test
    void aBuyerCannotPayConfirmOrCancelAnotherBuyersOrder() {
        refused(http.post("/api/v1/orders/" + orderOfBuyerA + "/pay", buyerB,
                Map.of("cardNumber", "4242424242424242"), Map.of("Idempotency-Key", "matrix-pay-b-1")), 404);
        refused(http.post("/api/v1/orders/" + orderOfBuyerA + "/confirm", buyerB, null), 404);
        refused(http.post("/api/v1/orders/" + orderOfBuyerA + "/cancel", buyerB, Map.of()), 404);
    }

    @Test
    void aMerchantCannotShipOrReadAnotherMerchantsOrder() {
        refused(http.post("/api/v1/orders/" + orderOfBuyerA + "/ship", merchantB,
                Map.of("carrier", "SF", "trackingNumber", "T1")), 404);
        refused(http.post("/api/v1/orders/" + orderOfBuyerA + "/shipment-events", merchantB,
                Map.of("kind", "picked_up")), 404);
        refused(http.get("/api/v1/orders/" + orderOfBuyerA, merchantB), 404);
    }

    @Test
    void aMerchantCannotEditAnotherMerchantsProduct() {
        refused(http.patch("/api/v1/products/" + productOfA, merchantB, Map.of("title", "Hijacked")), 403);
        assertEquals("Teapot 茶壶", http.get("/api/v1/products/" + productOfA, null).json().get("title").asText());
    }

    @Test
    void buyersCannotCreateProductsNorMerchantsBuy() {
        refused(http.post("/api/v1/products", buyerA, product("Fake", "FAKE-1", 100, 1)), 403);
        refused(http.post("/api/v1/cart/items", merchantA, Map.of("sku", "TEA-1", "quantity", 1)), 403);
        refused(http.post("/api/v1/orders/" + orderOfBuyerA + "/ship", buyerA,
                Map.of("carrier", "SF", "trackingNumber", "T1")), 403);
    }

    @Test
    void selfRegistrationCannotCreateAnAdminOrAnArbiter() {
        for (String role : new String[] {"admin", "arbiter"}) {
            Http.Response r = http.post("/api/v1/auth/register", null, Map.of("email", role + "@x.example",
                    "password", "correct horse battery", "role", role, "displayName", "Sneaky"));
            assertTrue(r.status() == 403 || r.status() == 422, r::toString);
            assertTrue(r.isProblem(), r::toString);
            refused(http.post("/api/v1/auth/login", null, Map.of("email", role + "@x.example",
                    "password", "correct horse battery")), 401);
        }
    }

    @Test
    void onlyAdminsAppointArbitersOrReadTheOutbox() {
        refused(http.post("/api/v1/admin/arbiters", merchantA, Map.of("accountId", 1)), 403);
        refused(http.get("/api/v1/admin/outbox", buyerA), 403);
    }

    @Test
    void aRevokedTokenIsRefusedAndNoTokenIsUnauthenticated() {
        String token = register(http, "revoke@buyers.example", "buyer", "Short Lived");
        assertEquals(200, http.get("/api/v1/auth/me", token).status());
        assertEquals(204, http.post("/api/v1/auth/logout", token, null).status());
        refused(http.get("/api/v1/auth/me", token), 401);
        refused(http.get("/api/v1/orders", null), 401);
        refused(http.get("/api/v1/orders", "not-a-token"), 401);
        refused(http.get("/api/v1/orders", token.substring(0, token.length() - 2) + "xx"), 401);
    }

    @Test
    void theActorComesFromTheTokenNotFromTheBody() {
        // A body naming another account is refused as an unknown field, never acted upon.
        refused(http.post("/api/v1/cart/items", buyerB, Map.of("sku", "TEA-1", "quantity", 1, "buyerId", 1)), 422);
    }
}
