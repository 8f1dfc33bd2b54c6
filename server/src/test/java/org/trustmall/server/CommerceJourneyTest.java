package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.proof.LedgerJson;
import org.trustmall.ledger.proof.ProofBundle;

/** The whole buyer-and-merchant journey over real HTTP, with every ledger step's proof checked offline. */
class CommerceJourneyTest {
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

    static String register(Http http, String email, String role, String name) {
        Http.Response r = http.post("/api/v1/auth/register", null, Map.of("email", email,
                "password", "correct horse battery", "role", role, "displayName", name));
        assertEquals(201, r.status(), r::toString);
        Http.Response login = http.post("/api/v1/auth/login", null, Map.of("email", email,
                "password", "correct horse battery"));
        assertEquals(200, login.status(), login::toString);
        return login.json().get("token").asText();
    }

    static Map<String, Object> product(String title, String sku, long price, int stock) {
        return Map.of("title", title, "description", "A fine " + title, "category", "electronics",
                "variants", List.of(Map.of("sku", sku, "price", Map.of("amount", price, "currency", "CNY"),
                        "stock", stock)));
    }

    static Map<String, Object> address() {
        return Map.of("name", "Li Lei", "line1", "1 Renmin Rd", "city", "Beijing", "region", "CN-BJ",
                "postcode", "100000", "country", "CN", "phone", "+86 10 5555 0100");
    }

    @Test
    void aBuyerBuysFromAMerchantAndEveryLedgerStepIsProvable() {
        Http http = p.http;
        String merchant = register(http, "shop@example.com", "merchant", "Good Shop");
        String buyer = register(http, "buyer@example.com", "buyer", "Han Meimei");

        Http.Response created = http.post("/api/v1/products", merchant, product("Wireless Headphones 无线耳机",
                "HP-1", 29_900, 5));
        assertEquals(201, created.status(), created::toString);
        long productId = created.json().get("id").asLong();
        assertEquals(200, http.get("/api/v1/products/" + productId, null).status());

        Http.Response added = http.post("/api/v1/cart/items", buyer, Map.of("sku", "HP-1", "quantity", 2));
        assertEquals(201, added.status(), added::toString);
        assertEquals(2, http.get("/api/v1/cart", buyer).json().get("items").get(0).get("quantity").asInt());

        Http.Response checkout = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "checkout-0001"));
        assertEquals(201, checkout.status(), checkout::toString);
        JsonNode order = checkout.json().get("orders").get(0);
        long orderId = order.get("id").asLong();
        assertEquals("created", order.get("state").asText());
        assertEquals(59_800, order.get("subtotal").get("amount").asLong());
        assertEquals(order.get("subtotal").get("amount").asLong() + order.get("shipping").get("amount").asLong()
                + order.get("tax").get("amount").asLong(), order.get("total").get("amount").asLong());
        assertEquals(3, http.get("/api/v1/products/" + productId, null).json().get("variants").get(0)
                .get("stock").asInt(), "stock is reserved at checkout");

        Http.Response again = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "checkout-0001"));
        assertEquals(orderId, again.json().get("orders").get(0).get("id").asLong(), "idempotent checkout");

        Http.Response paid = http.post("/api/v1/orders/" + orderId + "/pay", buyer,
                Map.of("cardNumber", "4242424242424242"), Map.of("Idempotency-Key", "pay-0001-abc"));
        assertEquals(200, paid.status(), paid::toString);
        assertEquals("paid", paid.json().get("state").asText());

        Http.Response shipped = http.post("/api/v1/orders/" + orderId + "/ship", merchant,
                Map.of("carrier", "SF Express", "trackingNumber", "SF1234567890"));
        assertEquals("shipped", shipped.json().get("state").asText(), shipped::toString);
        for (String kind : List.of("picked_up", "in_transit", "delivered")) {
            Http.Response ev = http.post("/api/v1/orders/" + orderId + "/shipment-events", merchant,
                    Map.of("kind", kind, "location", "Beijing hub"));
            assertEquals(200, ev.status(), ev::toString);
        }
        Http.Response confirmed = http.post("/api/v1/orders/" + orderId + "/confirm", buyer, null);
        assertEquals(200, confirmed.status(), confirmed::toString);
        assertEquals("completed", confirmed.json().get("state").asText());

        List<String> kinds = new ArrayList<>();
        for (JsonNode tx : confirmed.json().get("ledgerTransactions")) {
            kinds.add(tx.get("kind").asText());
            Http.Response proof = http.get(tx.get("proof").asText(), null);
            assertEquals(200, proof.status(), proof::toString);
            ProofBundle bundle = LedgerJson.proof(proof.json());
            Check check = bundle.verify(p.trustedKeys, Signatures.fastest());
            assertTrue(check.ok(), () -> tx + ": " + check.reason());
            assertEquals(tx.get("id").asText(), bundle.transaction().id().hex());
        }
        assertTrue(kinds.containsAll(List.of("escrow.lock", "shipment.create", "escrow.release")), kinds::toString);
        assertTrue(kinds.stream().filter(k -> k.equals("shipment.event")).count() >= 3, kinds::toString);

        Http.Response orders = http.get("/api/v1/orders", buyer);
        assertEquals(1, orders.json().get("total").asLong());
        Http.Response merchantOrders = http.get("/api/v1/orders", merchant);
        assertEquals(orderId, merchantOrders.json().get("items").get(0).get("id").asLong());
    }

    @Test
    void aDeclinedCardLeavesTheOrderUnpaidAndACancelledPaidOrderIsRefundedFromEscrow() {
        Http http = p.http;
        String merchant = register(http, "m2@example.com", "merchant", "Shop Two");
        String buyer = register(http, "b2@example.com", "buyer", "Buyer Two");
        http.post("/api/v1/products", merchant, product("Desk Lamp 台灯", "LAMP-1", 9_900, 3));
        http.post("/api/v1/cart/items", buyer, Map.of("sku", "LAMP-1", "quantity", 1));
        long orderId = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "checkout-lamp-1")).json().get("orders").get(0).get("id").asLong();

        Http.Response declined = http.post("/api/v1/orders/" + orderId + "/pay", buyer,
                Map.of("cardNumber", "4000000000000002"), Map.of("Idempotency-Key", "pay-declined-1"));
        assertEquals(402, declined.status(), declined::toString);
        assertTrue(declined.isProblem());
        assertEquals("created", http.get("/api/v1/orders/" + orderId, buyer).json().get("state").asText());

        assertEquals(200, http.post("/api/v1/orders/" + orderId + "/pay", buyer,
                Map.of("cardNumber", "4242424242424242"), Map.of("Idempotency-Key", "pay-ok-0001")).status());
        Http.Response cancelled = http.post("/api/v1/orders/" + orderId + "/cancel", buyer,
                Map.of("reason", "changed my mind"));
        assertEquals(200, cancelled.status(), cancelled::toString);
        assertEquals("refunded", cancelled.json().get("state").asText());
        List<String> kinds = new ArrayList<>();
        cancelled.json().get("ledgerTransactions").forEach(t -> kinds.add(t.get("kind").asText()));
        assertTrue(kinds.contains("escrow.refund"), kinds::toString);

        Http.Response illegal = http.post("/api/v1/orders/" + orderId + "/ship", merchant,
                Map.of("carrier", "SF", "trackingNumber", "X1"));
        assertEquals(409, illegal.status(), illegal::toString);
        assertTrue(illegal.isProblem());
        assertFalse(illegal.json().get("detail").asText().isBlank());
    }
}
