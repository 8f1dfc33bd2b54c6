package org.trustmall.commerce.risk;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.ai.risk.AmountStats;
import org.trustmall.ai.risk.OrderAttempt;
import org.trustmall.ai.risk.PastOrder;
import org.trustmall.ai.risk.RiskHistory;
import org.trustmall.commerce.db.Sql;

/**
 * {@link RiskHistory} over the platform's tables: accounts ({@code accounts.created_at}), every payment attempt with
 * its keys ({@code risk_attempts}) and chargebacks as reported ({@code risk_decisions.chargeback_at}). Accounts are
 * named by their decimal id. Answers as of {@code before}, strictly: nothing at or after it, and a chargeback only
 * if reported before it. Thread-safe (each call uses its own handle).
 */
public final class SqlRiskHistory implements RiskHistory {
    private final Jdbi jdbi;

    public SqlRiskHistory(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public Optional<Instant> accountOpened(String account) {
        return jdbi.withHandle(h -> h.createQuery("SELECT created_at FROM accounts WHERE id = :id")
                .bind("id", Long.parseLong(account)).map((rs, ctx) -> Sql.instant(rs, "created_at")).findOne());
    }

    @Override
    public List<PastOrder> ordersBefore(String account, Instant before) {
        return jdbi.withHandle(h -> h.createQuery("SELECT a.*, d.chargeback_at FROM risk_attempts a "
                        + "LEFT JOIN risk_decisions d ON d.order_id = a.order_id AND d.chargeback_at < :before "
                        + "WHERE a.account_id = :a AND a.attempted_at < :before ORDER BY a.attempted_at, a.id")
                .bind("a", Long.parseLong(account)).bind("before", Sql.at(before))
                .map((rs, ctx) -> new PastOrder(new OrderAttempt(Long.toString(rs.getLong("order_id")),
                        Long.toString(rs.getLong("account_id")), Sql.instant(rs, "attempted_at"),
                        rs.getDouble("amount"),
                        rs.getString("category"), rs.getString("destination_key"), rs.getString("device_key"),
                        rs.getString("ip_key"), rs.getString("card_key"), rs.getBoolean("coupon_used")),
                        rs.getBoolean("payment_failed"),
                        rs.getTimestamp("chargeback_at") == null ? null : Sql.instant(rs, "chargeback_at")))
                .list());
    }

    @Override
    public AmountStats categoryAmounts(String category, Instant from, Instant before) {
        // Mean and variance in Java from the amounts, as the generator's history computes them: SQL's VAR_SAMP would
        // round differently, and the same events must give the same features.
        double[] amounts = jdbi.withHandle(h -> h.createQuery("SELECT amount FROM risk_attempts WHERE category = :c "
                        + "AND attempted_at >= :from AND attempted_at < :before ORDER BY attempted_at, id")
                .bind("c", category).bind("from", Sql.at(from)).bind("before", Sql.at(before))
                .mapTo(Double.class).list()).stream().mapToDouble(Double::doubleValue).toArray();
        return AmountStats.of(amounts);
    }

    @Override
    public int otherAccounts(Link link, String key, String account, Instant from, Instant before) {
        String column = switch (link) {
            case ADDRESS -> "destination_key";
            case DEVICE -> "device_key";
            case IP -> "ip_key";
            case CARD -> "card_key";
        };
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(DISTINCT account_id) FROM risk_attempts WHERE "
                        + column + " = :k AND account_id <> :a AND attempted_at >= :from AND attempted_at < :before")
                .bind("k", key).bind("a", Long.parseLong(account)).bind("from", Sql.at(from))
                .bind("before", Sql.at(before)).mapTo(Integer.class).one());
    }
}
