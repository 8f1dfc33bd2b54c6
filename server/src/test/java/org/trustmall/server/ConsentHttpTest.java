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

    private String admin() {
        p.commerce.accounts().createUser(new org.trustmall.commerce.accounts.AccountService.Registration(
                "admin@example.com", TestCommerce.PASSWORD, org.trustmall.commerce.Role.ADMIN, "Admin"));
        return http.post("/api/v1/auth/login", null, Map.of("email", "admin@example.com", "password",
                TestCommerce.PASSWORD)).json().get("token").asText();
    }

    private void consent(String token, String purpose, boolean granted) {
        assertEquals(200, http.send("PUT", "/api/v1/me/consents/" + purpose, token, "{\"granted\":" + granted + "}",
                Map.of("Content-Type", "application/json")).status());
    }

    @Test
    void theNewsletterReachesOnlyBuyersWhoseMarketingConsentStands() {
        String yes = register(http, "yes@example.com", "buyer", "Yes");
        String no = register(http, "no@example.com", "buyer", "No");
        String withdrawn = register(http, "withdrawn@example.com", "buyer", "Withdrawn");
        consent(yes, "marketing", true);
        consent(withdrawn, "marketing", true);
        consent(withdrawn, "marketing", false);
        String admin = admin();
        Http.Response sent = http.post("/api/v1/admin/newsletter", admin, Map.of("subject", "Spring sale",
                "body", "Everything 10% off"));
        assertEquals(200, sent.status(), sent::toString);
        assertEquals(1, sent.json().get("sent").asInt());
        assertEquals(2, sent.json().get("skipped").asInt());
        List<String> recipients = new ArrayList<>();
        http.get("/api/v1/admin/outbox", admin).json().forEach(m -> {
            if (m.get("subject").asText().equals("Spring sale")) {
                recipients.add(m.get("recipient").asText());
            }
        });
        assertEquals(List.of("yes@example.com"), recipients);
        assertEquals(403, http.post("/api/v1/admin/newsletter", no, Map.of("subject", "x", "body", "y")).status());
    }

    @Test
    void theAnalyticsExportCarriesOnlyBuyersWhoseAnalyticsConsentStands() throws Exception {
        String shop = register(http, "shop@example.com", "merchant", "Shop");
        http.post("/api/v1/products", shop, product("Lamp", "LAMP-1", "home"));
        List<String> buyers = new ArrayList<>();
        for (String name : List.of("alpha", "beta")) {
            String b = register(http, name + "@example.com", "buyer", name);
            http.post("/api/v1/cart/items", b, Map.of("sku", "LAMP-1", "quantity", 1));
            long order = http.post("/api/v1/orders", b, Map.of("shippingAddress", address()),
                    Map.of("Idempotency-Key", "analytics-" + name)).json().get("orders").get(0).get("id").asLong();
            http.post("/api/v1/orders/" + order + "/pay", b, Map.of("cardNumber", "4242424242424242"),
                    Map.of("Idempotency-Key", "analytics-pay-" + name));
            buyers.add(b);
        }
        consent(buyers.get(0), "analytics", true);
        Path out = dir.resolve("analytics.jsonl");
        p.commerce.insights().exportAnalytics(out);
        List<String> lines = java.nio.file.Files.readAllLines(out);
        assertEquals(1, lines.size(), lines::toString);
        consent(buyers.get(1), "analytics", true);
        p.commerce.insights().exportAnalytics(out);
        assertEquals(2, java.nio.file.Files.readAllLines(out).stream().map(l -> l.substring(0, l.indexOf(",")))
                .distinct().count(), "two pseudonymous buyers once both consent");
        assertFalse(java.nio.file.Files.readString(out).contains("alpha"), "pseudonyms, never names or emails");
    }
}
