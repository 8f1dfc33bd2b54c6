package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merchant insights over real HTTP: a noisy answer with the ε it spent and the budget left, exact decimal epsilons,
 * problem+json naming the field for a bad metric, epsilon or day, and 409 naming epsilon once the budget is spent.
 */
class InsightsHttpTest {
    @TempDir
    Path dir;
    TestPlatform p;
    String merchant;
    String buyer;

    @BeforeEach
    void start() {
        p = TestPlatform.start(dir);
        merchant = register(p.http, "insights-shop@example.com", "merchant", "Insight Shop");
        buyer = register(p.http, "insights-buyer@example.com", "buyer", "Curious Buyer");
        assertEquals(201, p.http.post("/api/v1/products", merchant, product("Kettle 水壶", "KT-1", 9_900, 20)).status());
        p.http.post("/api/v1/cart/items", buyer, Map.of("sku", "KT-1", "quantity", 3));
        long order = p.http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "insights-checkout-1")).json().get("orders").get(0).get("id").asLong();
        assertEquals(200, p.http.post("/api/v1/orders/" + order + "/pay", buyer,
                Map.of("cardNumber", "4242424242424242"), Map.of("Idempotency-Key", "insights-pay-1")).status());
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private static void problem(Http.Response r, int status, String field) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
        assertEquals(field, r.json().get("field").asText(), r::toString);
    }

    @Test
    void aMerchantGetsANoisyAnswerWithTheEpsilonSpentAndTheBudgetLeft() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Http.Response r = p.http.get("/api/v1/merchants/me/insights/units?epsilon=0.5&from=" + today + "&to="
                + today, merchant);
        assertEquals(200, r.status(), r::toString);
        JsonNode a = r.json();
        assertEquals("units", a.get("metric").asText());
        assertEquals(today, a.get("from").asText());
        assertTrue(a.get("value").isIntegralNumber(), r::toString);
        assertEquals(20, a.get("sensitivity").asLong());
        assertEquals("discrete-laplace", a.get("mechanism").asText());
        assertEquals(new BigDecimal("0.5"), a.get("epsilon").decimalValue());
        JsonNode budget = a.get("budget");
        assertEquals(new BigDecimal("10"), budget.get("total").decimalValue());
        assertEquals(new BigDecimal("0.5"), budget.get("spent").decimalValue());
        assertEquals(new BigDecimal("9.5"), budget.get("remaining").decimalValue());
        assertTrue(budget.get("periodEnd").isTextual(), r::toString);

        Http.Response revenue = p.http.get("/api/v1/merchants/me/insights/revenue?epsilon=0.1", merchant);
        assertEquals(200, revenue.status(), revenue::toString);
        assertEquals("CNY", revenue.json().get("currency").asText());
        assertEquals(new BigDecimal("0.6"), revenue.json().get("budget").get("spent").decimalValue());

        JsonNode overview = p.http.get("/api/v1/merchants/me/insights", merchant).json();
        assertEquals(new BigDecimal("9.4"), overview.get("budget").get("remaining").decimalValue());
        assertEquals(4, overview.get("metrics").size());
    }

    @Test
    void badQuestionsAreProblemsNamingTheFieldAndSpendNothing() {
        problem(p.http.get("/api/v1/merchants/me/insights/profit?epsilon=0.5", merchant), 422, "metric");
        problem(p.http.get("/api/v1/merchants/me/insights/orders", merchant), 422, "epsilon");
        for (String bad : new String[] {"0", "2", "abc", "0.0000001", "1e-1", "-1", "NaN", "0.5%20"}) {
            problem(p.http.get("/api/v1/merchants/me/insights/orders?epsilon=" + bad, merchant), 422, "epsilon");
        }
        problem(p.http.get("/api/v1/merchants/me/insights/orders?epsilon=0.5&from=yesterday", merchant), 422,
                "from");
        problem(p.http.get("/api/v1/merchants/me/insights/orders?epsilon=0.5&from=2026-02-01&to=2026-01-01",
                merchant), 422, "from");
        problem(p.http.get("/api/v1/merchants/me/insights/orders?epsilon=0.5&to=2026-13-01", merchant), 422, "to");
        problem(p.http.get("/api/v1/merchants/me/insights/orders?epsilon=0.5&currency=CNY", merchant), 422,
                "currency");
        Http.Response asBuyer = p.http.get("/api/v1/merchants/me/insights/orders?epsilon=0.5", buyer);
        assertEquals(403, asBuyer.status(), asBuyer::toString);
        assertEquals(401, p.http.get("/api/v1/merchants/me/insights/orders?epsilon=0.5", null).status());
        assertEquals(new BigDecimal("0"), p.http.get("/api/v1/merchants/me/insights", merchant).json().get("budget")
                .get("spent").decimalValue());
    }

    @Test
    void onceTheBudgetIsSpentAQuestionIsAConflictNamingEpsilon() {
        for (int i = 0; i < 10; i++) {
            assertEquals(200, p.http.get("/api/v1/merchants/me/insights/orders?epsilon=1", merchant).status());
        }
        Http.Response refused = p.http.get("/api/v1/merchants/me/insights/buyers?epsilon=0.01", merchant);
        problem(refused, 409, "epsilon");
        assertTrue(refused.json().get("detail").asText().contains("exceeds the privacy budget"), refused::toString);
        // Another merchant's budget is untouched.
        String other = register(p.http, "insights-other@example.com", "merchant", "Other Shop");
        assertEquals(200, p.http.get("/api/v1/merchants/me/insights/orders?epsilon=1", other).status());
    }
}
