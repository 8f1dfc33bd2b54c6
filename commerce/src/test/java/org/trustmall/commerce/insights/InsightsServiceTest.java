package org.trustmall.commerce.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Marketplace;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService.Order;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.privacy.dp.DiscreteLaplace;
import org.trustmall.privacy.dp.Epsilon;
import org.trustmall.privacy.dp.PrivateAggregates;
import org.trustmall.privacy.pseudonym.Pseudonyms;

/**
 * Merchant dashboards under differential privacy on a real database: answers are the merchant's own true figures
 * plus exactly one draw of noise, the budget is spent exactly and durably, a question that does not fit is refused
 * and spends nothing, and concurrent questions can never overspend.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class InsightsServiceTest {
    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private Marketplace m;
    private Actor other;
    private final List<Order> shopOrders = new ArrayList<>();

    @BeforeEach
    void market() {
        m = new Marketplace(kind, dir, c -> c.withInsights(new InsightsPolicy(Epsilon.parse("1"),
                Duration.ofDays(30), Epsilon.parse("0.01"), Epsilon.parse("1"), 20, 100_000)));
        other = m.t.merchant("other");
        m.t.product(other, "Desk lamp", "LAMP-1", Money.of(5_000, "CNY"), 50);
        // The shop's sold orders: 3 units, and 31 units (counted as the cap of 20).
        shopOrders.add(m.paid(m.ann, 1, 2));
        shopOrders.add(m.delivered(m.bob, 1, 30));
        // Not sold: unpaid, cancelled.
        m.order(m.ann, 0, 1);
        Order cancelled = m.paid(m.ann, 0, 4);
        m.orders().cancel(m.ann, cancelled.id(), "changed my mind");
        // Another merchant's sale.
        m.commerce().carts().add(m.bob, "LAMP-1", 2);
        Order lamp = m.orders().checkout(m.bob, new OrderService.CheckoutRequest(Marketplace.BEIJING), null).get(0);
        m.orders().pay(m.bob, lamp.id(), new OrderService.PaymentRequest(Marketplace.VISA), null);
    }

    @AfterEach
    void close() {
        if (m != null) { // null when a PostgreSQL run was skipped
            m.close();
        }
    }

    private InsightsService insights() {
        return m.commerce().insights();
    }

    /** The service over the same database with noise from a seeded generator, so answers can be predicted. */
    private InsightsService seeded(long seed) {
        return new SqlInsightsService(m.t.jdbi(), m.t.config().insights(),
                new PrivateAggregates(new DiscreteLaplace(new SplittableRandom(seed))),
                new AnalyticsExport(m.t.jdbi(), new Pseudonyms(new byte[32]), ConsentCheck.ALLOW_ALL), "CNY",
                m.clock);
    }

    private static long noise(long seed, String epsilon, long sensitivity) {
        return new DiscreteLaplace(new SplittableRandom(seed)).sample(Epsilon.parse(epsilon), sensitivity);
    }

    private static InsightsService.Question ask(String metric, String epsilon) {
        return new InsightsService.Question(metric, null, null, epsilon, null);
    }

    private long logged() {
        return m.t.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM insight_queries").mapTo(Long.class)
                .one());
    }

    @Test
    void eachAnswerIsTheMerchantsOwnSoldFigurePlusExactlyOneDrawOfNoise() {
        InsightsService.Answer orders = seeded(1).ask(m.shop, ask("orders", "0.1"));
        assertEquals(2 + noise(1, "0.1", 1), orders.value());
        assertEquals(1, orders.sensitivity());
        InsightsService.Answer buyers = seeded(2).ask(m.shop, ask("buyers", "0.1"));
        assertEquals(2 + noise(2, "0.1", 1), buyers.value());
        InsightsService.Answer units = seeded(3).ask(m.shop, ask("units", "0.1"));
        assertEquals(3 + 20 + noise(3, "0.1", 20), units.value());
        assertEquals(20, units.sensitivity());
        InsightsService.Answer revenue = seeded(4).ask(m.shop, ask("revenue", "0.1"));
        long trueRevenue = shopOrders.stream().mapToLong(o -> Math.min(100_000, o.total().minor())).sum();
        assertEquals(trueRevenue + noise(4, "0.1", 100_000), revenue.value());
        assertEquals("CNY", revenue.currency());
        assertEquals(100_000, revenue.sensitivity());
        // The other merchant sees only its own sale.
        assertEquals(1 + noise(5, "0.1", 1), seeded(5).ask(other, ask("orders", "0.1")).value());
    }

    @Test
    void aRangeCountsOrdersByTheUtcDayTheyWerePlaced() {
        LocalDate today = m.clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        InsightsService.Answer before = seeded(6).ask(m.shop, new InsightsService.Question("orders",
                today.minusDays(10), today.minusDays(1), "0.5", null));
        assertEquals(noise(6, "0.5", 1), before.value());
        assertEquals(today.minusDays(10), before.from());
        InsightsService.Answer defaults = seeded(7).ask(m.shop, ask("orders", "0.5"));
        assertEquals(today.minusDays(29), defaults.from());
        assertEquals(today, defaults.to());
        assertEquals(2 + noise(7, "0.5", 1), defaults.value());
    }

    @Test
    void tenQuestionsOfOneTenthSpendABudgetOfOneExactlyAndTheNextIsRefusedSpendingNothing() {
        InsightsService.Answer last = null;
        for (int i = 0; i < 10; i++) {
            last = insights().ask(m.shop, ask(i % 2 == 0 ? "orders" : "revenue", "0.1"));
            assertEquals(Epsilon.parse("0.1"), last.epsilon());
        }
        assertEquals(Epsilon.parse("1"), last.budget().spent());
        assertTrue(last.budget().remaining().isZero());
        CommerceException.Conflict refused = assertThrows(CommerceException.Conflict.class,
                () -> insights().ask(m.shop, ask("orders", "0.01")));
        assertEquals("epsilon", refused.field());
        assertTrue(refused.getMessage().contains("0 of 1 remains"), refused.getMessage());
        assertTrue(refused.getMessage().contains("renews at"), refused.getMessage());
        assertEquals(Epsilon.parse("1"), insights().budget(m.shop).spent());
        assertEquals(10, logged());
        // Another merchant's budget is its own.
        assertEquals(Epsilon.ZERO, insights().budget(other).spent());
    }

    @Test
    void concurrentQuestionsCanNeverBothSpendTheLastEpsilon() throws Exception {
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return insights().ask(m.shop, ask("orders", "0.3"));
                    } catch (CommerceException.Conflict c) {
                        return c;
                    }
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Object> f : results) {
                Object r = f.get();
                if (r instanceof InsightsService.Answer) {
                    granted++;
                } else {
                    assertEquals("epsilon", assertInstanceOf(CommerceException.Conflict.class, r).field());
                }
            }
            // 3 × 0.3 = 0.9 fits a budget of 1; a fourth would make 1.2.
            assertEquals(3, granted);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Epsilon.parse("0.9"), insights().budget(m.shop).spent());
        List<String> spent = m.t.jdbi().withHandle(h -> h.createQuery("SELECT epsilon FROM insight_queries")
                .mapTo(String.class).list());
        assertEquals(Epsilon.parse("0.9"), spent.stream().map(Epsilon::parse).reduce(Epsilon.ZERO, Epsilon::plus));
    }

    @Test
    void theSpentBudgetSurvivesARestart() {
        insights().ask(m.shop, ask("units", "0.75"));
        m.t.reopen();
        assertEquals(Epsilon.parse("0.75"), insights().budget(m.shop).spent());
        assertThrows(CommerceException.Conflict.class, () -> insights().ask(m.shop, ask("units", "0.5")));
    }

    @Test
    void theNextPeriodBringsAFreshBudget() {
        InsightsService.Answer a = insights().ask(m.shop, ask("orders", "1"));
        assertTrue(a.budget().remaining().isZero());
        assertEquals(a.budget().periodStart().plus(Duration.ofDays(30)), a.budget().periodEnd());
        assertTrue(!m.clock.instant().isBefore(a.budget().periodStart()));
        assertTrue(m.clock.instant().isBefore(a.budget().periodEnd()));
        m.clock.advance(Duration.ofDays(30));
        InsightsService.Budget fresh = insights().budget(m.shop);
        assertEquals(Epsilon.ZERO, fresh.spent());
        assertEquals(a.budget().periodEnd(), fresh.periodStart());
        insights().ask(m.shop, ask("orders", "1"));
    }

    @Test
    void badQuestionsAreRefusedNamingTheFieldAndSpendNothing() {
        String[][] cases = {
            {"profit", "0.1", null, "metric"}, {"orders", null, null, "epsilon"}, {"orders", "0", null, "epsilon"},
            {"orders", "0.009", null, "epsilon"}, {"orders", "1.01", null, "epsilon"},
            {"orders", "0.0000001", null, "epsilon"}, {"orders", "1e-1", null, "epsilon"},
            {"orders", "-0.5", null, "epsilon"}, {"orders", "1/3", null, "epsilon"}, {"orders", "abc", null, "epsilon"},
            {"orders", "0.1", "CNY", "currency"}, {"revenue", "0.1", "cny", "currency"},
            {"revenue", "0.1", "XXXX", "currency"},
        };
        for (String[] c : cases) {
            CommerceException.InvalidInput e = assertThrows(CommerceException.InvalidInput.class,
                    () -> insights().ask(m.shop, new InsightsService.Question(c[0], null, null, c[1], c[2])),
                    String.join(",", java.util.Arrays.asList(c)));
            assertEquals(c[3], e.field(), e.getMessage());
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertEquals("from", assertThrows(CommerceException.InvalidInput.class, () -> insights().ask(m.shop,
                new InsightsService.Question("orders", today, today.minusDays(1), "0.1", null))).field());
        assertEquals("from", assertThrows(CommerceException.InvalidInput.class, () -> insights().ask(m.shop,
                new InsightsService.Question("orders", today.minusYears(20), today, "0.1", null))).field());
        assertEquals("to", assertThrows(CommerceException.InvalidInput.class, () -> insights().ask(m.shop,
                new InsightsService.Question("orders", null, LocalDate.of(9999, 1, 1), "0.1", null))).field());
        assertThrows(CommerceException.Forbidden.class, () -> insights().ask(m.ann, ask("orders", "0.1")));
        assertThrows(CommerceException.Forbidden.class, () -> insights().budget(m.admin));
        assertEquals(Epsilon.ZERO, insights().budget(m.shop).spent());
        assertEquals(0, logged());
    }

    @Test
    void aLifetimeBudgetNeverRenews() {
        InsightsService lifetime = new SqlInsightsService(m.t.jdbi(), new InsightsPolicy(Epsilon.parse("0.5"), null,
                Epsilon.parse("0.01"), Epsilon.parse("0.5"), 20, 100_000),
                new PrivateAggregates(new DiscreteLaplace()),
                new AnalyticsExport(m.t.jdbi(), new Pseudonyms(new byte[32]), ConsentCheck.ALLOW_ALL), "CNY", m.clock);
        InsightsService.Answer a = lifetime.ask(m.shop, ask("buyers", "0.5"));
        assertNull(a.budget().periodEnd());
        m.clock.advance(Duration.ofDays(400));
        CommerceException.Conflict refused = assertThrows(CommerceException.Conflict.class,
                () -> lifetime.ask(m.shop, ask("buyers", "0.01")));
        assertTrue(!refused.getMessage().contains("renews"), refused.getMessage());
    }
}
