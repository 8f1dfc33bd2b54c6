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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Returns over real HTTP: partial and full refunds that never exceed what was paid, refunds after release taken from
 * the merchant's balance on the ledger, and a refused return taken to the arbiters.
 */
class ReturnHttpTest {
    @TempDir
    static Path dir;
    static TestPlatform p;
    static Http http;
    static String merchant;
    static long merchantId;
    static int buyers;

    @BeforeAll
    static void world() {
        p = TestPlatform.start(dir, TestDatabases.Kind.H2, TestCommerce.CHEAP_HASHER);
        http = p.http;
        merchant = register(http, "returns-shop@example.com", "merchant", "Return Shop");
        merchantId = http.get("/api/v1/auth/me", merchant).json().get("id").asLong();
        ok(http.post("/api/v1/products", merchant, product("Kettle 水壶", "KET-1", 12_900, 100)));
        ok(http.post("/api/v1/products", merchant, product("Mug 杯子", "MUG-1", 1_550, 100)));
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    private static JsonNode ok(Http.Response r) {
        assertTrue(r.status() == 200 || r.status() == 201, r::toString);
        return r.json();
    }

    private static void refused(Http.Response r, int status) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
    }

    /** A new buyer with a delivered order of 1 kettle (line 0) and 3 mugs (line 1): token and order. */
    private static Map.Entry<String, JsonNode> deliveredOrder() {
        int n = ++buyers;
        String buyer = register(http, "returns-buyer" + n + "@example.com", "buyer", "Buyer " + n);
        ok(http.post("/api/v1/cart/items", buyer, Map.of("sku", "KET-1", "quantity", 1)));
        ok(http.post("/api/v1/cart/items", buyer, Map.of("sku", "MUG-1", "quantity", 3)));
        long id = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "return-checkout-" + n)).json().get("orders").get(0).get("id").asLong();
        ok(http.post("/api/v1/orders/" + id + "/pay", buyer, Map.of("cardNumber", "4242424242424242"),
                Map.of("Idempotency-Key", "return-pay-" + n)));
        ok(http.post("/api/v1/orders/" + id + "/ship", merchant, Map.of("carrier", "SF", "trackingNumber", "R" + n)));
        ok(http.post("/api/v1/orders/" + id + "/shipment-events", merchant, Map.of("kind", "picked_up")));
        return Map.entry(buyer, ok(http.post("/api/v1/orders/" + id + "/shipment-events", merchant,
                Map.of("kind", "delivered"))));
    }

    private static JsonNode request(String buyer, long orderId, List<Map<String, Object>> lines) {
        Http.Response r = http.post("/api/v1/orders/" + orderId + "/returns", buyer, Map.of("lines", lines,
                "reason", "Not as described"));
        assertEquals(201, r.status(), r::toString);
        assertEquals("requested", r.json().get("state").asText());
        return r.json();
    }

    /** Approved by the merchant, shipped back by the buyer, received by the merchant: the refunded return. */
    private static JsonNode sendBack(String buyer, JsonNode ret) {
        long id = ret.get("id").asLong();
        assertEquals("approved", ok(http.post("/api/v1/returns/" + id + "/decision", merchant,
                Map.of("approve", true))).get("state").asText());
        assertEquals("shipped", ok(http.post("/api/v1/returns/" + id + "/shipment", buyer,
                Map.of("carrier", "SF", "trackingNumber", "BACK" + id))).get("state").asText());
        ok(http.post("/api/v1/returns/" + id + "/shipment/events", merchant, Map.of("kind", "picked_up")));
        JsonNode back = ok(http.post("/api/v1/returns/" + id + "/shipment/events", merchant,
                Map.of("kind", "delivered", "location", "Shop warehouse")));
        assertEquals("returned", back.get("state").asText());
        return back;
    }

    private static CborMap escrow(long orderId) {
        return p.ledger.query(EscrowContract.ID, EscrowContract.GET, EscrowContract.getArgs("order:" + orderId));
    }

    private static long merchantBalance() {
        return p.ledger.query(EscrowContract.ID, EscrowContract.BALANCE,
                EscrowContract.balanceArgs("merchant:" + merchantId, "CNY")).integer("balance");
    }

    private static long amount(JsonNode money) {
        return money.get("amount").asLong();
    }

    @Test
    void aPartialRefundOfOneLineThenTheRestRefundsExactlyWhatWasPaidAndNoMore() {
        var order = deliveredOrder();
        String buyer = order.getKey();
        JsonNode o = order.getValue();
        long orderId = o.get("id").asLong();
        long total = amount(o.get("total"));

        JsonNode first = sendBack(buyer, request(buyer, orderId, List.of(Map.of("lineNo", 1, "quantity", 2))));
        long partial = amount(first.get("refund"));
        long goods = 2 * 1_550;
        long tax = amount(o.get("tax"));
        long subtotal = amount(o.get("subtotal"));
        assertEquals(goods + Math.round((double) tax * goods / subtotal), partial,
                "the units' price and their share of the tax, without shipping");
        assertEquals(partial, escrow(orderId).integer("refunded"), "refunded from escrow");
        assertEquals("LOCKED", escrow(orderId).text("state"));
        JsonNode afterFirst = http.get("/api/v1/orders/" + orderId, buyer).json();
        assertEquals(partial, amount(afterFirst.get("refunded")));
        assertEquals("delivered", afterFirst.get("state").asText());

        refused(http.post("/api/v1/orders/" + orderId + "/returns", buyer, Map.of("lines",
                List.of(Map.of("lineNo", 1, "quantity", 2)), "reason", "more")), 409);
        JsonNode rest = sendBack(buyer, request(buyer, orderId, List.of(Map.of("lineNo", 0, "quantity", 1),
                Map.of("lineNo", 1, "quantity", 1))));
        assertEquals(total - partial, amount(rest.get("refund")));
        JsonNode refunded = http.get("/api/v1/orders/" + orderId, buyer).json();
        assertEquals("refunded", refunded.get("state").asText());
        assertEquals(total, amount(refunded.get("refunded")), "refunded in all exactly the total paid");
        assertEquals(total, escrow(orderId).integer("refunded"));
        assertEquals("REFUNDED", escrow(orderId).text("state"));

        refused(http.post("/api/v1/orders/" + orderId + "/returns", buyer, Map.of("lines",
                List.of(Map.of("lineNo", 0, "quantity", 1)), "reason", "again")), 409);
        refused(http.post("/api/v1/returns/" + rest.get("id").asLong() + "/shipment/events", merchant,
                Map.of("kind", "delivered")), 409);
        assertEquals(2, http.get("/api/v1/orders/" + orderId + "/returns", buyer).json().size());
    }

    @Test
    void aReturnAfterReleaseIsRefundedFromTheMerchantsBalance() {
        var order = deliveredOrder();
        String buyer = order.getKey();
        long orderId = order.getValue().get("id").asLong();
        ok(http.post("/api/v1/orders/" + orderId + "/confirm", buyer, null));
        long before = merchantBalance();
        JsonNode back = sendBack(buyer, request(buyer, orderId, List.of(Map.of("lineNo", 0, "quantity", 1))));
        long refund = amount(back.get("refund"));
        assertTrue(refund > 12_900, "the kettle and its tax share");
        assertEquals(before - refund, merchantBalance());
        assertEquals("RELEASED", escrow(orderId).text("state"));
        assertEquals(refund, escrow(orderId).integer("refunded"));
        assertEquals("completed", http.get("/api/v1/orders/" + orderId, buyer).json().get("state").asText());
    }

    @Test
    void aRefusedReturnCanBeTakenToTheArbiters() {
        for (int i = 1; i <= 3; i++) {
            p.commerce.accounts().createUser(new AccountService.Registration("ret-arbiter" + i + "@example.com",
                    TestCommerce.PASSWORD, Role.ARBITER, "Return Arbiter " + i));
        }
        var order = deliveredOrder();
        String buyer = order.getKey();
        long orderId = order.getValue().get("id").asLong();
        ok(http.post("/api/v1/orders/" + orderId + "/confirm", buyer, null));
        refused(http.post("/api/v1/orders/" + orderId + "/disputes", buyer, Map.of("reason", "broken")), 409);
        JsonNode ret = request(buyer, orderId, List.of(Map.of("lineNo", 0, "quantity", 1)));
        long id = ret.get("id").asLong();
        refused(http.post("/api/v1/returns/" + id + "/decision", buyer, Map.of("approve", true)), 403);
        Http.Response noReason = http.post("/api/v1/returns/" + id + "/decision", merchant, Map.of("approve", false));
        refused(noReason, 422);
        assertEquals("reason", noReason.json().get("field").asText());
        assertEquals("refused", ok(http.post("/api/v1/returns/" + id + "/decision", merchant,
                Map.of("approve", false, "reason", "Used and scratched"))).get("state").asText());
        refused(http.post("/api/v1/returns/" + id + "/shipment", buyer, Map.of("carrier", "SF",
                "trackingNumber", "X")), 409);
        Http.Response disputed = http.post("/api/v1/orders/" + orderId + "/disputes", buyer,
                Map.of("reason", "It arrived scratched; the merchant refused my return",
                        "evidence", List.of("https://img.example/scratch.jpg")));
        assertEquals(201, disputed.status(), disputed::toString);
        assertEquals(id, disputed.json().get("returnId").asLong());
        assertEquals("disputed", http.get("/api/v1/orders/" + orderId, buyer).json().get("state").asText());
    }

    @Test
    void badReturnRequestsNameTheField() {
        var order = deliveredOrder();
        String buyer = order.getKey();
        long orderId = order.getValue().get("id").asLong();
        Http.Response tooMany = http.post("/api/v1/orders/" + orderId + "/returns", buyer, Map.of("lines",
                List.of(Map.of("lineNo", 1, "quantity", 4)), "reason", "x"));
        refused(tooMany, 422);
        assertEquals("lines[0].quantity", tooMany.json().get("field").asText());
        Http.Response noLine = http.post("/api/v1/orders/" + orderId + "/returns", buyer, Map.of("lines",
                List.of(Map.of("lineNo", 7, "quantity", 1)), "reason", "x"));
        refused(noLine, 422);
        assertEquals("lines[0].lineNo", noLine.json().get("field").asText());
        refused(http.post("/api/v1/orders/" + orderId + "/returns", merchant, Map.of("lines",
                List.of(Map.of("lineNo", 0, "quantity", 1)), "reason", "x")), 403);
    }
}
