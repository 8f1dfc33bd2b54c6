package org.trustmall.ai.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each feature on small hand-built histories, where the right value can be worked out by hand. */
class RiskFeaturesTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private static Instant ago(Duration d) {
        return NOW.minus(d);
    }

    private static OrderAttempt order(String id, String account, Instant at, double amount, String category) {
        return new OrderAttempt(id, account, at, amount, category, "addr-home", "dev-phone", "ip-home", "card-1",
                false);
    }

    private static OrderAttempt now(double amount) {
        return order("now", "buyer", NOW, amount, "books");
    }

    private static double feature(OrderAttempt o, RiskHistory h, String name) {
        return RiskFeatures.compute(o, h)[RiskFeatures.index(name)];
    }

    @Test
    void theBuyerZScoreComparesWithTheBuyersOwnPaidOrdersOnly() {
        InMemoryRiskHistory h = InMemoryRiskHistory.builder()
                .account("buyer", ago(Duration.ofDays(400)))
                .order(order("a", "buyer", ago(Duration.ofDays(30)), 100, "books"), false, null)
                .order(order("b", "buyer", ago(Duration.ofDays(20)), 200, "books"), false, null)
                .order(order("c", "buyer", ago(Duration.ofDays(10)), 300, "books"), false, null)
                .order(order("d", "buyer", ago(Duration.ofDays(5)), 5_000, "books"), true, null)
                .build();
        // Mean 200, sample deviation 100; the declined 5,000 is not part of the buyer's spending.
        assertEquals(2.0, feature(now(400), h, "amount_z_buyer"), 1e-9);
        assertEquals(Math.log1p(400), feature(now(400), h, "amount_log1p"), 1e-12);
    }

    @Test
    void theCategoryZScoreUsesEveryAccountInTheCategoryOverTheLastNinetyDays() {
        InMemoryRiskHistory h = InMemoryRiskHistory.builder()
                .order(order("a", "x", ago(Duration.ofDays(10)), 50, "books"), false, null)
                .order(order("b", "y", ago(Duration.ofDays(20)), 60, "books"), false, null)
                .order(order("c", "z", ago(Duration.ofDays(30)), 70, "books"), false, null)
                .order(order("old", "z", ago(Duration.ofDays(100)), 10_000, "books"), false, null)
                .order(order("other", "z", ago(Duration.ofDays(1)), 10_000, "phones"), false, null)
                .build();
        // Mean 60, sample deviation 10, floored at 1 + 6 = 7 → deviation 10.
        assertEquals(3.0, feature(now(90), h, "amount_z_category"), 1e-9);
        assertEquals(0.0, feature(order("n", "q", NOW, 90, "toys"), h, "amount_z_category"));
    }

    @Test
    void velocityWindowsCountTheBuyersAttemptsAndAmountsInTheLastHourDayAndWeek() {
        InMemoryRiskHistory h = InMemoryRiskHistory.builder()
                .order(order("a", "buyer", ago(Duration.ofMinutes(30)), 10, "books"), true, null)
                .order(order("b", "buyer", ago(Duration.ofHours(5)), 20, "books"), false, null)
                .order(order("c", "buyer", ago(Duration.ofDays(3)), 30, "books"), true, null)
                .order(order("d", "buyer", ago(Duration.ofDays(10)), 40, "books"), false, null)
                .order(order("e", "someone", ago(Duration.ofMinutes(1)), 99, "books"), false, null)
                .build();
        double[] x = RiskFeatures.compute(now(25), h);
        assertEquals(1, x[RiskFeatures.index("orders_1h")]);
        assertEquals(2, x[RiskFeatures.index("orders_24h")]);
        assertEquals(3, x[RiskFeatures.index("orders_7d")]);
        assertEquals(Math.log1p(30), x[RiskFeatures.index("amount_24h_log1p")], 1e-12);
        assertEquals(Math.log1p(60), x[RiskFeatures.index("amount_7d_log1p")], 1e-12);
        assertEquals(1, x[RiskFeatures.index("failed_payments_24h")]);
        assertEquals(2, x[RiskFeatures.index("failed_payments_7d")]);
        assertEquals(4, x[RiskFeatures.index("prior_orders")]);
        assertEquals(0, x[RiskFeatures.index("first_order")]);
        assertEquals(0.5, x[RiskFeatures.index("hours_since_last_order")], 1e-9);
    }

    @Test
    void aFirstOrderHasNoPriorsAndRaisesNoNewnessFlags() {
        InMemoryRiskHistory h = InMemoryRiskHistory.builder().account("buyer", ago(Duration.ofHours(36))).build();
        double[] x = RiskFeatures.compute(now(25), h);
        assertEquals(1.5, x[RiskFeatures.index("account_age_days")], 1e-9);
        assertEquals(1, x[RiskFeatures.index("first_order")]);
        assertEquals(0, x[RiskFeatures.index("prior_orders")]);
        assertEquals(RiskFeatures.NO_LAST_ORDER_HOURS, x[RiskFeatures.index("hours_since_last_order")]);
        for (String flag : List.of("new_shipping_address", "new_device", "new_ip", "new_card", "new_category")) {
            assertEquals(0, x[RiskFeatures.index(flag)], flag);
        }
        assertEquals(0, feature(order("n", "unknown", NOW, 5, "books"), h, "account_age_days"),
                "an unknown account counts as new");
    }

    @Test
    void newnessFlagsMarkAnAddressDeviceIpCardOrCategoryTheBuyerHasNotUsedBefore() {
        InMemoryRiskHistory h = InMemoryRiskHistory.builder()
                .order(order("a", "buyer", ago(Duration.ofDays(3)), 30, "books"), false, null)
                .build();
        OrderAttempt same = now(30);
        OrderAttempt different = new OrderAttempt("n", "buyer", NOW, 30, "phones", "addr-drop", "dev-new", "ip-new",
                "card-2", false);
        for (String flag : List.of("new_shipping_address", "new_device", "new_ip", "new_card", "new_category")) {
            assertEquals(0, feature(same, h, flag), flag);
            assertEquals(1, feature(different, h, flag), flag);
        }
    }

    @Test
    void reuseCountsOtherAccountsOnTheSameKeyInTheLastThirtyDays() {
        OrderAttempt b = new OrderAttempt("b", "b", ago(Duration.ofDays(10)), 30, "books", "addr-home", "dev-b", "ip-b",
                "card-b", false);
        OrderAttempt c = new OrderAttempt("c", "c", ago(Duration.ofDays(20)), 30, "books", "addr-home", "dev-phone",
                "ip-c", "card-c", false);
        OrderAttempt old = new OrderAttempt("d", "d", ago(Duration.ofDays(40)), 30, "books", "addr-home", "dev-d",
                "ip-home", "card-1", false);
        InMemoryRiskHistory h = InMemoryRiskHistory.builder()
                .order(b, false, null).order(c, false, null).order(old, false, null)
                .order(order("own", "buyer", ago(Duration.ofDays(2)), 30, "books"), false, null)
                .build();
        double[] x = RiskFeatures.compute(now(30), h);
        assertEquals(2, x[RiskFeatures.index("address_other_accounts_30d")]);
        assertEquals(1, x[RiskFeatures.index("device_other_accounts_30d")]);
        assertEquals(0, x[RiskFeatures.index("ip_other_accounts_30d")], "d's use is older than 30 days");
        assertEquals(0, x[RiskFeatures.index("card_other_accounts_30d")]);
    }

    @Test
    void couponsAndChargebacksCountOnlyWhatWasKnownBeforeTheOrder() {
        OrderAttempt coupon = new OrderAttempt("a", "buyer", ago(Duration.ofDays(5)), 30, "books", "addr-home",
                "dev-phone", "ip-home", "card-1", true);
        OrderAttempt oldCoupon = new OrderAttempt("b", "buyer", ago(Duration.ofDays(45)), 30, "books", "addr-home",
                "dev-phone", "ip-home", "card-1", true);
        InMemoryRiskHistory h = InMemoryRiskHistory.builder()
                .order(coupon, false, ago(Duration.ofDays(1)))
                .order(oldCoupon, false, NOW.plus(Duration.ofDays(1)))
                .order(order("later", "buyer", NOW.plusSeconds(60), 30, "books"), false, null)
                .build();
        OrderAttempt withCoupon = new OrderAttempt("n", "buyer", NOW, 30, "books", "addr-home", "dev-phone", "ip-home",
                "card-1", true);
        double[] x = RiskFeatures.compute(withCoupon, h);
        assertEquals(1, x[RiskFeatures.index("coupon_used")]);
        assertEquals(1, x[RiskFeatures.index("coupons_used_30d")]);
        assertEquals(1, x[RiskFeatures.index("chargebacks_reported")], "the second is reported only tomorrow");
        assertEquals(2, x[RiskFeatures.index("prior_orders")], "the order a minute later is not history yet");
    }

    @Test
    void theVectorIsVersionedAndItsCanonicalBytesCarryNoKeyOrId() {
        assertEquals("risk-features-v1", RiskFeatures.VERSION);
        assertEquals(26, RiskFeatures.COUNT);
        assertEquals("amount_log1p", RiskFeatures.NAMES.getFirst());
        assertEquals("chargebacks_reported", RiskFeatures.NAMES.getLast());
        OrderAttempt o = new OrderAttempt("order-77", "buyer-secret", NOW, 30, "books", "addr-Beijing-Road-1",
                "dev-phone", "ip-10-0-0-1", "card-4111", false);
        byte[] bytes = RiskFeatures.canonicalBytes(RiskFeatures.compute(o, InMemoryRiskHistory.builder().build()));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String secret : List.of("order-77", "buyer-secret", "Beijing", "ip-10", "4111", "books")) {
            assertFalse(text.contains(secret), secret);
        }
        assertTrue(text.startsWith("\0\0\0\u0010risk-features-v1"));
        assertEquals(4 + 16 + 4 + 8 * 26, bytes.length);
        assertThrows(IllegalArgumentException.class, () -> RiskFeatures.canonicalBytes(new double[3]));
    }
}
