package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;

/** {@code POST /api/v1/events} over real HTTP: the signed-in buyer's own events only, bad input named by field. */
class EventsHttpTest {
    @TempDir
    static Path dir;
    static TestPlatform p;
    static Http http;
    static String buyer;
    static long buyerId;
    static String merchant;
    static long productId;

    @BeforeAll
    static void world() {
        p = TestPlatform.start(dir, TestDatabases.Kind.H2, TestCommerce.CHEAP_HASHER);
        http = p.http;
        buyer = register(http, "events@buyers.example", "buyer", "Eve");
        buyerId = http.get("/api/v1/auth/me", buyer).json().get("id").asLong();
        merchant = register(http, "events@shops.example", "merchant", "Shop");
        productId = http.post("/api/v1/products", merchant, product("Kettle", "KET-1", 9_900, 5)).json().get("id")
                .asLong();
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    private static void invalid(Http.Response r, int status, String field) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
        if (field != null) {
            assertEquals(field, r.json().path("field").asText(), r::toString);
        }
    }

    private static List<Long> history() {
        return p.commerce.events().history(new Actor(buyerId, Role.BUYER, "test"), 100);
    }

    @Test
    void aBuyersEventIsStoredUnderTheirOwnAccountAndReturned() {
        Http.Response view = http.post("/api/v1/events", buyer, Map.of("productId", productId, "kind", "view"));
        assertEquals(201, view.status(), view::toString);
        assertEquals(productId, view.json().get("productId").asLong());
        assertEquals("view", view.json().get("kind").asText());
        assertTrue(view.json().get("id").asLong() > 0);
        assertTrue(view.json().has("occurredAt"));
        assertTrue(!view.json().has("rating"));

        Http.Response rating = http.post("/api/v1/events", buyer, Map.of("productId", productId, "kind", "rating",
                "rating", 5));
        assertEquals(201, rating.status(), rating::toString);
        assertEquals(5, rating.json().get("rating").asInt());
        assertTrue(history().contains(productId), "recorded for the session's account");
    }

    @Test
    void theAccountComesFromTheSessionNeverFromTheBody() {
        Http.Response r = http.post("/api/v1/events", buyer, Map.of("productId", productId, "kind", "view",
                "accountId", 1));
        invalid(r, 422, "accountId");
    }

    @Test
    void onlyASignedInBuyerMayPostEvents() {
        invalid(http.post("/api/v1/events", null, Map.of("productId", productId, "kind", "view")), 401, null);
        invalid(http.post("/api/v1/events", merchant, Map.of("productId", productId, "kind", "view")), 403, null);
        invalid(http.post("/api/v1/events", "not-a-token", Map.of("productId", productId, "kind", "view")), 401,
                null);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        invalid(http.post("/api/v1/events", buyer, Map.of("productId", productId, "kind", "like")), 422, "kind");
        invalid(http.post("/api/v1/events", buyer, Map.of("productId", productId, "kind", "rating")), 422, "rating");
        invalid(http.post("/api/v1/events", buyer, Map.of("productId", productId, "kind", "rating", "rating", 6)),
                422, "rating");
        invalid(http.post("/api/v1/events", buyer, Map.of("productId", productId, "kind", "view", "rating", 3)),
                422, "rating");
        invalid(http.post("/api/v1/events", buyer, Map.of("productId", 999_999, "kind", "view")), 422, "productId");
        invalid(http.post("/api/v1/events", buyer, Map.of("productId", "one", "kind", "view")), 422, "productId");
        invalid(http.post("/api/v1/events", buyer, Map.of("kind", "view")), 422, "productId");
        invalid(http.send("POST", "/api/v1/events", buyer, "{\"productId\":", Map.of()), 400, "body");
    }
}
