package org.trustmall.commerce.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ai.risk.InMemoryRiskHistory;
import org.trustmall.ai.risk.OrderAttempt;
import org.trustmall.ai.risk.RiskFeatures;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.db.Sql;

/**
 * The SQL history answers as the generator's in-memory one for the same events: accounts, attempts (declined ones
 * too) with shared addresses, devices, IPs and cards, coupons, and chargebacks reported at various times — so the
 * features at checkout are those the model was trained on.
 */
class SqlRiskHistoryTest {
    private static final String[] CATEGORIES = {"electronics", "books", "food"};

    @TempDir
    Path dir;
    private TestCommerce t;
    private Jdbi jdbi;

    @BeforeEach
    void open() {
        t = TestCommerce.open(TestDatabases.Kind.H2, dir);
        jdbi = t.jdbi();
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void theSqlHistoryGivesTheSameFeaturesAsTheInMemoryOneForTheSameEvents() {
        Random random = new Random(42);
        long merchant = t.merchant("shop").accountId();
        List<Long> buyers = new ArrayList<>();
        InMemoryRiskHistory.Builder memory = InMemoryRiskHistory.builder();
        for (String name : List.of("ann", "bob", "cy", "dan")) {
            Actor b = t.buyer(name);
            buyers.add(b.accountId());
            Instant opened = jdbi.withHandle(h -> h.createQuery("SELECT created_at FROM accounts WHERE id = :id")
                    .bind("id", b.accountId()).map((rs, ctx) -> Sql.instant(rs, "created_at")).one());
            memory.account(Long.toString(b.accountId()), opened);
        }
        Instant start = t.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        List<OrderAttempt> probes = new ArrayList<>();
        Instant at = start;
        for (int i = 0; i < 60; i++) {
            at = at.plus(Duration.ofMinutes(5 + random.nextInt(600)));
            long buyer = buyers.get(random.nextInt(buyers.size()));
            OrderAttempt a = new OrderAttempt("?", Long.toString(buyer), at, 10 + random.nextInt(5000) / 7.0,
                    CATEGORIES[random.nextInt(CATEGORIES.length)], "addr-" + random.nextInt(4),
                    "dev-" + random.nextInt(5), "ip-" + random.nextInt(6), "card-" + random.nextInt(5),
                    random.nextInt(4) == 0);
            boolean failed = random.nextInt(6) == 0;
            Instant chargeback = !failed && random.nextInt(8) == 0 ? at.plus(Duration.ofDays(random.nextInt(5))) : null;
            long orderId = insert(a, merchant, failed, chargeback);
            OrderAttempt stored = new OrderAttempt(Long.toString(orderId), a.account(), a.at(), a.amount(),
                    a.category(), a.addressKey(), a.deviceKey(), a.ipKey(), a.cardKey(), a.couponUsed());
            memory.order(stored, failed, chargeback);
            if (i % 3 == 0) {
                probes.add(stored);
            }
        }
        InMemoryRiskHistory expected = memory.build();
        SqlRiskHistory actual = new SqlRiskHistory(jdbi);
        for (OrderAttempt probe : probes) {
            double[] want = RiskFeatures.compute(probe, expected);
            double[] got = RiskFeatures.compute(probe, actual);
            for (int k = 0; k < RiskFeatures.COUNT; k++) {
                assertEquals(want[k], got[k], 1e-9 * Math.max(1, Math.abs(want[k])),
                        "order " + probe.orderId() + " feature " + RiskFeatures.NAMES.get(k));
            }
        }
    }

    /** An order row and its attempt, and a decision row carrying the chargeback when there is one. */
    private long insert(OrderAttempt a, long merchant, boolean failed, Instant chargeback) {
        return jdbi.inTransaction(h -> {
            long orderId = h.createUpdate("INSERT INTO orders (buyer_id, merchant_id, state, currency, subtotal_minor, "
                            + "shipping_minor, tax_minor, total_minor, country, created_at, updated_at) VALUES "
                            + "(:b, :m, 'paid', 'CNY', 100, 0, 0, 100, 'CN', :at, :at)")
                    .bind("b", Long.parseLong(a.account())).bind("m", merchant).bind("at", Sql.at(a.at()))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            h.createUpdate("INSERT INTO risk_attempts (order_id, account_id, attempted_at, amount, category, "
                            + "destination_key, device_key, ip_key, card_key, coupon_used, payment_failed) "
                            + "VALUES (:o, :a, :at, :amt, :cat, :addr, :dev, :ip, :card, :coupon, :failed)")
                    .bind("o", orderId).bind("a", Long.parseLong(a.account())).bind("at", Sql.at(a.at()))
                    .bind("amt", a.amount()).bind("cat", a.category()).bind("addr", a.addressKey())
                    .bind("dev", a.deviceKey()).bind("ip", a.ipKey()).bind("card", a.cardKey())
                    .bind("coupon", a.couponUsed()).bind("failed", failed).execute();
            if (chargeback != null) {
                decision(h, orderId, chargeback);
            }
            return orderId;
        });
    }

    private static void decision(Handle h, long orderId, Instant chargeback) {
        String hex = "0".repeat(64);
        h.createUpdate("INSERT INTO risk_decisions (order_id, score, score_ppm, threshold_ppm, outcome, holds, "
                        + "model_id, model_sha256, feature_version, features, contributions, bias, salt, commitment, "
                        + "transaction_id, height, decided_at, queued, chargeback_at) VALUES (:o, 0, 0, 1, 'pass', "
                        + "FALSE, 'm', :h, 'v', '0', '0', 0, :h, :h, :h, 1, :at, FALSE, :cb)")
                .bind("o", orderId).bind("h", hex).bind("at", Sql.at(chargeback)).bind("cb", Sql.at(chargeback))
                .execute();
    }
}
