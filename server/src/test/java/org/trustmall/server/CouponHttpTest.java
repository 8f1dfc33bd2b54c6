package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.accounts.PasswordHasher;

/**
 * Coupons over real HTTP: a merchant issues and withdraws them, a buyer previews and redeems one at checkout, and
 * two hundred buyers racing for a code limited to fifty get exactly fifty discounted orders — on H2 and PostgreSQL.
 */
class CouponHttpTest {
    static final PasswordHasher CHEAP = PasswordHasher.argon2id(new PasswordHasher.Parameters(8, 1, 1));

    @TempDir
    Path dir;

    private static void refused(Http.Response r, int status, String field) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
        assertEquals(field, r.json().path("field").asText(null), r::toString);
    }

    private static Map<String, Object> coupon(String code, Object... more) {
        Map<String, Object> body = new HashMap<>(Map.of("code", code, "currency", "CNY"));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void twoHundredConcurrentRedemptionsOfACodeLimitedToFiftyMakeExactlyFiftyDiscountedOrders(
            TestDatabases.Kind kind) throws Exception {
        try (TestPlatform p = TestPlatform.start(dir, kind, CHEAP)) {
            String merchant = register(p.http, "deals@shops.example", "merchant", "Deal Shop");
            long productId = p.http.post("/api/v1/products", merchant, product("Rice Cooker 电饭煲", "DEAL-1",
                    10_000, 1_000)).json().get("id").asLong();
            Http.Response issued = p.http.post("/api/v1/coupons", merchant, coupon("FIFTY-FIRST",
                    "amountOff", 2_000, "totalLimit", 50));
            assertEquals(201, issued.status(), issued::toString);

            int buyers = 200;
            List<String> tokens = new ArrayList<>();
            AccountService accounts = p.commerce.accounts();
            for (int i = 0; i < buyers; i++) {
                String email = "deal" + i + "@buyers.example";
                accounts.createUser(new AccountService.Registration(email, "correct horse battery", Role.BUYER,
                        "Buyer " + i));
                String token = accounts.login(email, "correct horse battery", "10.1.0." + (i % 200)).token();
                tokens.add(token);
                assertEquals(201, p.http.post("/api/v1/cart/items", token, Map.of("sku", "DEAL-1", "quantity", 1))
                        .status());
            }
            ExecutorService pool = Executors.newFixedThreadPool(64);
            List<Future<Http.Response>> results = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                String token = tokens.get(i);
                String key = "deal-checkout-" + i;
                results.add(pool.submit(() -> p.http.post("/api/v1/orders", token,
                        Map.of("shippingAddress", address(), "couponCode", "fifty-first"),
                        Map.of("Idempotency-Key", key))));
            }
            int discounted = 0;
            List<String> turnedAway = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                Http.Response r = results.get(i).get();
                if (r.status() == 201) {
                    JsonNode order = r.json().get("orders").get(0);
                    assertEquals(2_000, order.get("discount").get("amount").asLong(), r::toString);
                    assertEquals("FIFTY-FIRST", order.get("couponCode").asText(), r::toString);
                    // Beijing: 100.00 - 20.00 = 80.00 of goods, 6.00 + 1.00 shipping, 13 % VAT on the 80.00.
                    assertEquals(8_000 + 700 + 1_040, order.get("total").get("amount").asLong(), r::toString);
                    discounted++;
                } else {
                    refused(r, 409, "couponCode");
                    turnedAway.add(tokens.get(i));
                }
            }
            pool.shutdown();
            assertEquals(50, discounted);
            assertEquals(150, turnedAway.size());
            for (String token : turnedAway) {
                JsonNode cart = p.http.get("/api/v1/cart", token).json();
                assertEquals(1, cart.get("items").size(), "a turned-away buyer's cart is untouched");
                assertEquals(0, p.http.get("/api/v1/orders", token).json().get("total").asLong());
            }
            assertEquals(50, p.http.get("/api/v1/coupons/FIFTY-FIRST", merchant).json().get("redeemed").asInt());
            assertEquals(1_000 - 50, p.http.get("/api/v1/products/" + productId, null).json().get("variants").get(0)
                    .get("stock").asInt(), "only the fifty orders reserved stock");
        }
    }

    @Test
    void aMerchantIssuesACouponABuyerRedeemsItAndWithdrawalStopsIt() {
        try (TestPlatform p = TestPlatform.start(dir, TestDatabases.Kind.H2, CHEAP)) {
            Http http = p.http;
            String shop = register(http, "tea@shops.example", "merchant", "Tea Shop");
            String rival = register(http, "rival@shops.example", "merchant", "Rival Shop");
            String ann = register(http, "ann@buyers.example", "buyer", "Ann");
            String bob = register(http, "bob@buyers.example", "buyer", "Bob");
            http.post("/api/v1/products", shop, product("Teapot 茶壶", "POT-1", 5_000, 10));

            refused(http.post("/api/v1/coupons", ann, coupon("BUYERS")), 403, null);
            refused(http.post("/api/v1/coupons", shop, coupon("X", "percentOff", 10)), 422, "code");
            refused(http.post("/api/v1/coupons", shop, coupon("BOTH", "percentOff", 10, "amountOff", 100)), 422,
                    "percentOff");
            refused(http.post("/api/v1/coupons", shop, coupon("PCT", "percentOff", 101)), 422, "percentOff");
            refused(http.post("/api/v1/coupons", shop, coupon("WHEN", "percentOff", 10, "validUntil", "tomorrow")),
                    422, "validUntil");
            refused(http.post("/api/v1/coupons", shop, coupon("OWNER", "percentOff", 10, "merchantId", 1)), 422,
                    "merchantId");

            String until = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
            Http.Response created = http.post("/api/v1/coupons", shop, coupon("tea-time", "percentOff", 20,
                    "minimumSpend", 8_000, "validUntil", until, "totalLimit", 100));
            assertEquals(201, created.status(), created::toString);
            JsonNode c = created.json();
            assertEquals("TEA-TIME", c.get("code").asText());
            assertEquals("percent", c.get("kind").asText());
            assertEquals(20, c.get("percentOff").asInt());
            assertTrue(c.get("amountOff").isNull());
            assertEquals(8_000, c.get("minimumSpend").get("amount").asLong());
            assertEquals(until, c.get("validUntil").asText());
            assertEquals(1, c.get("perAccountLimit").asInt());
            assertEquals(0, c.get("redeemed").asInt());
            refused(http.post("/api/v1/coupons", rival, coupon("Tea-Time", "percentOff", 5)), 409, "code");

            assertEquals(1, http.get("/api/v1/coupons", shop).json().get("total").asLong());
            assertEquals(0, http.get("/api/v1/coupons", rival).json().get("total").asLong());
            refused(http.get("/api/v1/coupons/TEA-TIME", rival), 404, null);
            refused(http.post("/api/v1/coupons/TEA-TIME/deactivation", rival, null), 404, null);
            refused(http.get("/api/v1/coupons/no%20spaces", shop), 422, "code");

            http.post("/api/v1/cart/items", ann, Map.of("sku", "POT-1", "quantity", 1));
            JsonNode tooLittle = http.get("/api/v1/cart/coupons/tea-time", ann).json();
            assertFalse(tooLittle.get("applies").asBoolean(), tooLittle::toString);
            assertTrue(tooLittle.get("reason").asText().contains("8000 CNY"), tooLittle::toString);
            refused(http.post("/api/v1/orders", ann, Map.of("shippingAddress", address(), "couponCode", "TEA-TIME"),
                    Map.of("Idempotency-Key", "ann-checkout-1")), 409, "couponCode");

            http.post("/api/v1/cart/items", ann, Map.of("sku", "POT-1", "quantity", 1));
            JsonNode quote = http.get("/api/v1/cart/coupons/tea-time", ann).json();
            assertTrue(quote.get("applies").asBoolean(), quote::toString);
            assertEquals(2_000, quote.get("discount").get("amount").asLong());
            Http.Response bought = http.post("/api/v1/orders", ann, Map.of("shippingAddress", address(),
                    "couponCode", "tea-time"), Map.of("Idempotency-Key", "ann-checkout-2"));
            assertEquals(201, bought.status(), bought::toString);
            JsonNode order = bought.json().get("orders").get(0);
            assertEquals(10_000, order.get("subtotal").get("amount").asLong());
            assertEquals(2_000, order.get("discount").get("amount").asLong());
            assertEquals("TEA-TIME", order.get("couponCode").asText());
            // 80.00 of goods, Beijing shipping 6.00 + 2 × 1.00, VAT 13 % of 80.00.
            assertEquals(8_000 + 800 + 1_040, order.get("total").get("amount").asLong());
            JsonNode again = http.get("/api/v1/orders/" + order.get("id").asLong(), ann).json();
            assertEquals(order.get("discount"), again.get("discount"));
            assertEquals(1, http.get("/api/v1/coupons/tea-time", shop).json().get("redeemed").asInt());

            Http.Response withdrawn = http.post("/api/v1/coupons/tea-time/deactivation", shop, null);
            assertEquals(200, withdrawn.status(), withdrawn::toString);
            assertFalse(withdrawn.json().get("active").asBoolean());
            http.post("/api/v1/cart/items", bob, Map.of("sku", "POT-1", "quantity", 2));
            refused(http.post("/api/v1/orders", bob, Map.of("shippingAddress", address(), "couponCode", "TEA-TIME"),
                    Map.of("Idempotency-Key", "bob-checkout-1")), 409, "couponCode");
            Http.Response plain = http.post("/api/v1/orders", bob, Map.of("shippingAddress", address()),
                    Map.of("Idempotency-Key", "bob-checkout-2"));
            assertEquals(201, plain.status(), plain::toString);
            JsonNode full = plain.json().get("orders").get(0);
            assertEquals(0, full.get("discount").get("amount").asLong());
            assertTrue(full.get("couponCode").isNull());

            JsonNode paths = http.get("/openapi.json", null).json().get("paths");
            assertTrue(paths.path("/api/v1/orders").path("post").path("requestBody").toString()
                    .contains("couponCode"));
            for (String path : new String[] {"/api/v1/coupons", "/api/v1/coupons/{code}",
                    "/api/v1/coupons/{code}/deactivation", "/api/v1/cart/coupons/{code}"}) {
                assertTrue(paths.has(path), path);
            }
        }
    }
}
