package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.proof.LedgerJson;

/** A merchant's statement and payouts over real HTTP; every entry's ledger transaction proves offline. */
class PayoutHttpTest {
    @TempDir
    Path dir;
    TestPlatform p;

    @BeforeEach
    void start() {
        p = TestPlatform.start(dir);
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private long completedOrder(Http http, String merchant, String buyer) {
        assertEquals(201, http.post("/api/v1/products", merchant, product("Tea 茶", "TEA-1", 25_000, 5)).status());
        http.post("/api/v1/cart/items", buyer, Map.of("sku", "TEA-1", "quantity", 2));
        JsonNode order = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "checkout-tea-1")).json().get("orders").get(0);
        long id = order.get("id").asLong();
        assertEquals(200, http.post("/api/v1/orders/" + id + "/pay", buyer, Map.of("cardNumber", "4242424242424242"),
                Map.of("Idempotency-Key", "pay-tea-0001")).status());
        http.post("/api/v1/orders/" + id + "/ship", merchant, Map.of("carrier", "SF", "trackingNumber", "SF1"));
        for (String kind : List.of("picked_up", "delivered")) {
            assertEquals(200, http.post("/api/v1/orders/" + id + "/shipment-events", merchant,
                    Map.of("kind", kind)).status());
        }
        assertEquals(200, http.post("/api/v1/orders/" + id + "/confirm", buyer, null).status());
        return order.get("total").get("amount").asLong();
    }

    @Test
    void aMerchantSeesItsProvableStatementAndPaysOutWithinItsBalance() {
        Http http = p.http;
        String merchant = register(http, "tea@example.com", "merchant", "Tea House");
        String other = register(http, "other@example.com", "merchant", "Other House");
        String buyer = register(http, "drinker@example.com", "buyer", "Drinker");
        long merchantId = http.get("/api/v1/auth/me", merchant).json().get("id").asLong();
        long total = completedOrder(http, merchant, buyer);

        Http.Response statement = http.get("/api/v1/merchants/" + merchantId + "/statement?currency=CNY", merchant);
        assertEquals(200, statement.status(), statement::toString);
        assertEquals(total, statement.json().get("balance").get("amount").asLong());
        JsonNode release = statement.json().get("entries").get("items").get(0);
        assertEquals("release", release.get("kind").asText());
        Http.Response proof = http.get("/api/v1/ledger/transactions/" + release.get("transactionId").asText()
                + "/proof", null);
        Check check = LedgerJson.proof(proof.json()).verify(p.trustedKeys, Signatures.fastest());
        assertTrue(check.ok(), check::reason);

        Http.Response tooMuch = http.post("/api/v1/payouts", merchant, Map.of("currency", "CNY", "amount", total + 1));
        assertEquals(409, tooMuch.status(), tooMuch::toString);
        assertEquals("amount", tooMuch.json().get("field").asText());
        Http.Response paid = http.post("/api/v1/payouts", merchant, Map.of("currency", "CNY", "amount", 10_000));
        assertEquals(201, paid.status(), paid::toString);
        assertEquals("paid", paid.json().get("state").asText());
        assertEquals(total - 10_000, http.get("/api/v1/merchants/" + merchantId + "/statement?currency=CNY",
                merchant).json().get("balance").get("amount").asLong());
        assertEquals(1, http.get("/api/v1/merchants/" + merchantId + "/payouts", merchant).json().get("total")
                .asLong());

        assertEquals(403, http.get("/api/v1/merchants/" + merchantId + "/statement?currency=CNY", other).status());
        assertEquals(403, http.post("/api/v1/payouts", buyer, Map.of("currency", "CNY")).status());
        Http.Response noCurrency = http.get("/api/v1/merchants/" + merchantId + "/statement", merchant);
        assertEquals(422, noCurrency.status(), noCurrency::toString);
        assertEquals("currency", noCurrency.json().get("field").asText());

        Http.Response schedule = http.send("PUT", "/api/v1/payouts/schedule", merchant,
                "{\"currency\":\"CNY\",\"intervalDays\":7,\"minimum\":5000}", Map.of("Content-Type",
                        "application/json"));
        assertEquals(200, schedule.status(), schedule::toString);
        assertEquals(7, schedule.json().get("intervalDays").asInt());
        assertEquals(204, http.delete("/api/v1/payouts/schedule", merchant).status());
        assertTrue(p.commerce.payouts().reconcile().reconciled());
    }
}
