package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.DatabaseConfig;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.settlement.PayoutService;

/**
 * A randomized run of orders, coupons, cancellations, returns, disputes and payouts over real HTTP, after which the
 * database reconciles exactly with the ledger — and stops reconciling when one ledger-backed amount is changed in
 * the database behind the platform's back. On H2 and on PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class ReconciliationHttpTest {
    private static final int ORDERS = 16;

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private TestPlatform p;
    private Http http;
    private final List<String> merchants = new ArrayList<>();
    private final Map<String, String> skus = new LinkedHashMap<>();
    private final List<String> arbiters = new ArrayList<>();
    private final Map<Long, String> arbiterById = new LinkedHashMap<>();
    private int buyers;

    @BeforeEach
    void start() {
        p = TestPlatform.start(dir, kind, TestCommerce.CHEAP_HASHER);
        http = p.http;
        for (int m = 0; m < 2; m++) {
            String token = register(http, "shop" + m + "@example.com", "merchant", "Shop " + m);
            merchants.add(token);
            String sku = "SKU-" + m;
            ok(http.post("/api/v1/products", token, product("Thing " + m, sku, 12_345 + 1_000L * m, 1_000)));
            skus.put(token, sku);
            ok(http.post("/api/v1/coupons", token, Map.of("code", "SAVE" + m, "percentOff", 15, "currency", "CNY",
                    "perAccountLimit", 5)));
        }
        for (int i = 1; i <= 3; i++) {
            AccountService.Account a = p.commerce.accounts().createUser(new AccountService.Registration(
                    "arbiter" + i + "@example.com", TestCommerce.PASSWORD, Role.ARBITER, "Arbiter " + i));
            String token = http.post("/api/v1/auth/login", null, Map.of("email", "arbiter" + i + "@example.com",
                    "password", TestCommerce.PASSWORD)).json().get("token").asText();
            arbiters.add(token);
            arbiterById.put(a.id(), token);
        }
    }

    @AfterEach
    void stop() {
        if (p != null) {
            p.close();
        }
    }

    private static JsonNode ok(Http.Response r) {
        assertTrue(r.status() == 200 || r.status() == 201 || r.status() == 204, r::toString);
        return r.json();
    }

    private record Placed(String buyer, String merchant, long id, long total) {
    }

    private Placed paidOrder(Random random) {
        int n = ++buyers;
        String buyer = register(http, "buyer" + n + "@example.com", "buyer", "Buyer " + n);
        String merchant = merchants.get(random.nextInt(merchants.size()));
        ok(http.post("/api/v1/cart/items", buyer, Map.of("sku", skus.get(merchant), "quantity", 1 + random.nextInt(3))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shippingAddress", address());
        if (random.nextBoolean()) {
            body.put("couponCode", "SAVE" + merchants.indexOf(merchant));
        }
        JsonNode order = ok(http.post("/api/v1/orders", buyer, body, Map.of("Idempotency-Key", "checkout-" + n)))
                .get("orders").get(0);
        long id = order.get("id").asLong();
        ok(http.post("/api/v1/orders/" + id + "/pay", buyer, Map.of("cardNumber", "4242424242424242"),
                Map.of("Idempotency-Key", "pay-order-" + n)));
        return new Placed(buyer, merchant, id, order.get("total").get("amount").asLong());
    }

    private void deliver(Placed o) {
        ok(http.post("/api/v1/orders/" + o.id() + "/ship", o.merchant(), Map.of("carrier", "SF",
                "trackingNumber", "SF" + o.id())));
        ok(http.post("/api/v1/orders/" + o.id() + "/shipment-events", o.merchant(), Map.of("kind", "picked_up")));
        ok(http.post("/api/v1/orders/" + o.id() + "/shipment-events", o.merchant(), Map.of("kind", "delivered")));
    }

    private void returnOneUnit(Placed o) {
        long id = ok(http.post("/api/v1/orders/" + o.id() + "/returns", o.buyer(), Map.of("lines",
                List.of(Map.of("lineNo", 0, "quantity", 1)), "reason", "did not fit"))).get("id").asLong();
        ok(http.post("/api/v1/returns/" + id + "/decision", o.merchant(), Map.of("approve", true)));
        ok(http.post("/api/v1/returns/" + id + "/shipment", o.buyer(), Map.of("carrier", "SF",
                "trackingNumber", "R" + id)));
        ok(http.post("/api/v1/returns/" + id + "/shipment/events", o.merchant(), Map.of("kind", "picked_up")));
        ok(http.post("/api/v1/returns/" + id + "/shipment/events", o.merchant(), Map.of("kind", "delivered")));
    }

    private void dispute(Placed o, Random random) {
        JsonNode d = ok(http.post("/api/v1/orders/" + o.id() + "/disputes", o.buyer(), Map.of("reason",
                "not as described", "evidence", List.of("photo-1"))));
        long id = d.get("id").asLong();
        Map<String, Object> vote = random.nextBoolean() ? Map.of("outcome", "release")
                : Map.of("outcome", "refund", "amount", Map.of("amount", 1 + random.nextInt((int) o.total()),
                        "currency", "CNY"));
        int cast = 0;
        for (JsonNode a : d.get("arbiters")) {
            if (cast++ == 2) {
                break;
            }
            ok(http.post("/api/v1/disputes/" + id + "/votes", arbiterById.get(a.get("id").asLong()), vote));
        }
    }

    private void payout(Random random) {
        String m = merchants.get(random.nextInt(merchants.size()));
        long id = http.get("/api/v1/auth/me", m).json().get("id").asLong();
        long balance = ok(http.get("/api/v1/merchants/" + id + "/statement?currency=CNY", m)).get("balance")
                .get("amount").asLong();
        if (balance > 0) {
            ok(http.post("/api/v1/payouts", m, Map.of("currency", "CNY", "amount", 1 + random.nextInt((int) balance))));
        }
    }

    @Test
    void aRandomRunReconcilesAndOneChangedLedgerBackedAmountIsFound() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String why = "seed " + seed;
        for (int i = 0; i < ORDERS; i++) {
            Placed o = paidOrder(random);
            // Every fate at least once, then at random.
            switch (i < 7 ? i : random.nextInt(7)) {
                case 0 -> ok(http.post("/api/v1/orders/" + o.id() + "/cancel", o.buyer(), Map.of("reason", "mistake")));
                case 1 -> {
                    deliver(o);
                    ok(http.post("/api/v1/orders/" + o.id() + "/confirm", o.buyer(), null));
                }
                case 2 -> {
                    deliver(o);
                    returnOneUnit(o); // refunded from escrow
                }
                case 3 -> {
                    deliver(o);
                    ok(http.post("/api/v1/orders/" + o.id() + "/confirm", o.buyer(), null));
                    returnOneUnit(o); // refunded from the merchant's balance
                }
                case 4 -> dispute(o, random); // a paid order
                case 5 -> {
                    deliver(o);
                    dispute(o, random);
                }
                default -> { } // stays paid, its escrow held
            }
            if (random.nextInt(3) == 0) {
                payout(random);
            }
        }
        PayoutService.Report clean = p.commerce.payouts().reconcile();
        assertTrue(clean.reconciled(), () -> why + ": " + clean.differences());
        assertEquals(ORDERS, clean.orders(), why);

        DatabaseConfig db = p.database();
        String[][] tampers = {
            {"UPDATE orders SET refunded_minor = refunded_minor - 1 WHERE id = (SELECT MAX(order_id) FROM refunds)",
                "UPDATE orders SET refunded_minor = refunded_minor + 1 WHERE id = (SELECT MAX(order_id) FROM refunds)"},
            {"UPDATE merchant_entries SET amount_minor = amount_minor + 1 WHERE id = (SELECT MAX(id) FROM merchant_entries)",
                "UPDATE merchant_entries SET amount_minor = amount_minor - 1 WHERE id = (SELECT MAX(id) FROM merchant_entries)"},
            {"UPDATE refunds SET amount_minor = amount_minor + 1 WHERE id = (SELECT MIN(id) FROM refunds)",
                "UPDATE refunds SET amount_minor = amount_minor - 1 WHERE id = (SELECT MIN(id) FROM refunds)"}};
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            for (String[] t : tampers) {
                assertEquals(1, s.executeUpdate(t[0]), t[0]);
                PayoutService.Report r = p.commerce.payouts().reconcile();
                assertFalse(r.reconciled(), () -> why + ": not found after " + t[0]);
                assertEquals(1, s.executeUpdate(t[1]), t[1]);
            }
        }
        assertTrue(p.commerce.payouts().reconcile().reconciled(), why + ": undone");
    }
}
