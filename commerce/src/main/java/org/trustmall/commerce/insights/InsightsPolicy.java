package org.trustmall.commerce.insights;

import java.time.Duration;
import java.util.Objects;
import org.trustmall.privacy.dp.Epsilon;

/**
 * The rules of merchant dashboards answered with differential privacy.
 *
 * @param budget            the ε a merchant may spend per period; a query that does not fit what is left is refused
 * @param period            how long a budget lasts (fixed windows counted from 1970-01-01T00:00Z), or null for one
 *                          budget for the merchant's lifetime. With periods the guarantee is per period: over n
 *                          periods, orders that fall in every queried range are protected at n × budget
 * @param minEpsilon        the smallest ε one query may spend (smaller ones would answer nothing but noise)
 * @param maxEpsilon        the largest ε one query may spend
 * @param maxUnitsPerOrder  units sold: each order counts at most this many (the sensitivity of {@code units})
 * @param maxRevenuePerOrder revenue: each order counts at most this many minor units (the sensitivity of
 *                          {@code revenue})
 */
public record InsightsPolicy(Epsilon budget, Duration period, Epsilon minEpsilon, Epsilon maxEpsilon,
                             long maxUnitsPerOrder, long maxRevenuePerOrder) {

    public InsightsPolicy {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(minEpsilon, "minEpsilon");
        Objects.requireNonNull(maxEpsilon, "maxEpsilon");
        for (Epsilon e : new Epsilon[] {budget, minEpsilon, maxEpsilon}) {
            // Shown to merchants as exact decimals.
            if (e.isZero() || !e.isDecimal()) {
                throw new IllegalArgumentException("insights epsilons must be positive decimals, got " + e);
            }
        }
        if (minEpsilon.compareTo(maxEpsilon) > 0 || maxEpsilon.compareTo(budget) > 0) {
            throw new IllegalArgumentException("insights need minEpsilon <= maxEpsilon <= budget, got " + minEpsilon
                    + ", " + maxEpsilon + ", " + budget);
        }
        if (period != null && period.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("an insights budget period lasts at least a minute, got " + period);
        }
        if (maxUnitsPerOrder < 1 || maxRevenuePerOrder < 1) {
            throw new IllegalArgumentException("per-order caps must be at least 1");
        }
    }

    /**
     * ε 10 per merchant per 30-day period, 0.01 to 1 per query; an order counts at most 20 units and 100,000 minor
     * units (1,000.00 CNY) of revenue.
     */
    public static InsightsPolicy defaults() {
        return new InsightsPolicy(Epsilon.parse("10"), Duration.ofDays(30), Epsilon.parse("0.01"),
                Epsilon.parse("1"), 20, 100_000);
    }
}
