package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.accounts.PasswordHasher;

/**
 * A thousand buyers check out the last ten units of a SKU at once, over real HTTP: exactly ten orders are made, the
 * rest are told it sold out (409, problem+json), and stock never goes below zero — on H2 and on PostgreSQL.
 */
class HttpCheckoutConcurrencyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aThousandConcurrentCheckoutsOfTenUnitsMakeExactlyTenOrders(TestDatabases.Kind kind) throws Exception {
        PasswordHasher cheap = PasswordHasher.argon2id(new PasswordHasher.Parameters(8, 1, 1));
        try (TestPlatform p = TestPlatform.start(dir, kind, cheap)) {
            String merchant = register(p.http, "rush@shops.example", "merchant", "Rush Shop");
            long productId = p.http.post("/api/v1/products", merchant, product("Limited Teapot 限量茶壶", "RUSH-1",
                    8_800, 10)).json().get("id").asLong();
            int buyers = 1_000;
            List<String> tokens = new ArrayList<>();
            AccountService accounts = p.commerce.accounts();
            for (int i = 0; i < buyers; i++) {
                String email = "rush" + i + "@buyers.example";
                accounts.createUser(new AccountService.Registration(email, "correct horse battery", Role.BUYER,
                        "Buyer " + i));
                String token = accounts.login(email, "correct horse battery", "10.0.0." + (i % 200)).token();
                tokens.add(token);
                assertEquals(201, p.http.post("/api/v1/cart/items", token, Map.of("sku", "RUSH-1", "quantity", 1))
                        .status());
            }
            ExecutorService pool = Executors.newFixedThreadPool(64);
            List<Future<Http.Response>> results = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                String token = tokens.get(i);
                String key = "rush-checkout-" + i;
                results.add(pool.submit(() -> p.http.post("/api/v1/orders", token,
                        Map.of("shippingAddress", address()), Map.of("Idempotency-Key", key))));
            }
            int created = 0;
            int soldOut = 0;
            for (Future<Http.Response> f : results) {
                Http.Response r = f.get();
                if (r.status() == 201) {
                    created++;
                } else {
                    assertEquals(409, r.status(), r::toString);
                    assertTrue(r.isProblem(), r::toString);
                    soldOut++;
                }
            }
            pool.shutdown();
            assertEquals(10, created);
            assertEquals(buyers - 10, soldOut);
            assertEquals(0, p.http.get("/api/v1/products/" + productId, null).json().get("variants").get(0)
                    .get("stock").asInt());
        }
    }
}
