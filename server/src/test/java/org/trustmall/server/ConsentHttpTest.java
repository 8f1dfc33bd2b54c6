package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.proof.LedgerJson;

/** Consent over real HTTP: each change is a provable ledger transaction, and the guard reads it on every request. */
class ConsentHttpTest {
    @TempDir
    Path dir;
    private TestPlatform p;
    private Http http;

    @BeforeEach
    void start() {
        p = TestPlatform.start(dir, TestDatabases.Kind.H2, TestCommerce.CHEAP_HASHER);
        http = p.http;
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private static Map<String, Object> product(String title, String sku, String category) {
        return Map.of("title", title, "description", "A fine " + title, "category", category,
                "variants", List.of(Map.of("sku", sku, "price", Map.of("amount", 5_000, "currency", "CNY"),
                        "stock", 50)));
    }

    private List<String> categoriesOfResults(String token) {
        JsonNode page = http.get("/api/v1/products?size=10", token).json();
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("category").asText()));
        return out;
    }

    @Test
    void consentsStartAtTheirDefaultsAndEachChangeIsAProvableLedgerTransaction() {
        String buyer = register(http, "consent@example.com", "buyer", "Consenting Buyer");
        JsonNode all = http.get("/api/v1/me/consents", buyer).json();
        assertEquals(4, all.size());
        assertTrue(all.get(0).get("granted").asBoolean(), "personalisation is on by default");
        assertTrue(all.get(0).get("byDefault").asBoolean());
        for (int i = 1; i < 4; i++) {
            assertFalse(all.get(i).get("granted").asBoolean(), all.get(i).get("purpose") + " is off by default");
        }
        Http.Response granted = http.send("PUT", "/api/v1/me/consents/marketing", buyer, "{\"granted\":true}",
                Map.of("Content-Type", "application/json"));
        assertEquals(200, granted.status(), granted::toString);
        assertEquals(1, granted.json().get("version").asLong());
        Check check = LedgerJson.proof(http.get(granted.json().get("proof").asText(), null).json())
                .verify(p.trustedKeys, Signatures.fastest());
        assertTrue(check.ok(), check::reason);
        assertTrue(p.commerce.consents().allows(http.get("/api/v1/auth/me", buyer).json().get("id").asLong(),
                "marketing"));

        Http.Response unknown = http.send("PUT", "/api/v1/me/consents/selling", buyer, "{\"granted\":true}",
                Map.of("Content-Type", "application/json"));
        assertTrue(unknown.status() == 400 || unknown.status() == 422, unknown::toString);
        assertEquals(401, http.get("/api/v1/me/consents", null).status());
    }

    @Test
    void withdrawingPersonalisationMakesTheNextSearchNonPersonalised() {
        String shop = register(http, "shop@example.com", "merchant", "Shop");
        http.post("/api/v1/products", shop, product("Old Novel", "BOOK-1", "books"));
        for (int i = 0; i < 3; i++) {
            http.post("/api/v1/products", shop, product("Gadget " + i, "GAD-" + i, "electronics"));
        }
        String buyer = register(http, "reader@example.com", "buyer", "Reader");
        http.post("/api/v1/cart/items", buyer, Map.of("sku", "BOOK-1", "quantity", 1));
        long order = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "consent-checkout-1")).json().get("orders").get(0).get("id").asLong();
        assertEquals(200, http.post("/api/v1/orders/" + order + "/pay", buyer, Map.of("cardNumber",
                "4242424242424242"), Map.of("Idempotency-Key", "consent-pay-0001")).status());

        List<String> anonymous = categoriesOfResults(null);
        assertEquals("electronics", anonymous.get(0), "without personalisation the newest come first");
        Http.Response personal = http.get("/api/v1/products?size=10", buyer);
        assertTrue(personal.json().get("personalised").asBoolean());
        assertEquals("books", categoriesOfResults(buyer).get(0), "the buyer's category leads");

        assertEquals(200, http.send("PUT", "/api/v1/me/consents/personalisation", buyer, "{\"granted\":false}",
                Map.of("Content-Type", "application/json")).status());
        Http.Response next = http.get("/api/v1/products?size=10", buyer);
        assertFalse(next.json().get("personalised").asBoolean(), "withdrawal counts from the next request");
        assertEquals(anonymous, categoriesOfResults(buyer));

        assertEquals(200, http.send("PUT", "/api/v1/me/consents/personalisation", buyer, "{\"granted\":true}",
                Map.of("Content-Type", "application/json")).status());
        assertEquals("books", categoriesOfResults(buyer).get(0));
        assertFalse(http.get("/api/v1/products?size=10", null).json().get("personalised").asBoolean());
    }
}
