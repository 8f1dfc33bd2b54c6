package org.trustmall.ai.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The frame of a generated data set ({@code SCENARIOS.md}): seed, size, the simulated period, its warm-up, and where
 * the time split falls. The pattern rates are this class's constants, as documented there.
 *
 * @param seed   seeds everything; the same scenario gives the same orders
 * @param orders how many order attempts to generate (approximately: whole episodes are kept)
 */
public record RiskScenario(long seed, int orders) {
    /** The first simulated moment. */
    public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    /** The simulated period. */
    public static final int DAYS = 180;
    /** Orders before this day are history only. */
    public static final int WARM_UP_DAYS = 30;
    /** Orders from the warm-up to this day train; from this day on, they test. */
    public static final int TEST_FROM_DAY = 126;

    /** Share of all attempts per fraud pattern; the rest are legitimate. */
    public static final Map<FraudPattern, Double> FRAUD_SHARES = Map.of(
            FraudPattern.CARD_TESTING, 0.009,
            FraudPattern.ACCOUNT_TAKEOVER, 0.005,
            FraudPattern.RESHIPPING, 0.009,
            FraudPattern.COUPON_ABUSE, 0.007);

    /** The smallest and largest sizes accepted. */
    public static final int MIN_ORDERS = 1_000;
    public static final int MAX_ORDERS = 2_000_000;

    public RiskScenario {
        if (orders < MIN_ORDERS || orders > MAX_ORDERS) {
            throw new IllegalArgumentException("orders must be between " + MIN_ORDERS + " and " + MAX_ORDERS
                    + ", was " + orders);
        }
    }

    /** The end of the simulated period. */
    public static Instant end() {
        return START.plus(Duration.ofDays(DAYS));
    }

    /** The start of the training rows (end of the warm-up). */
    public static Instant trainFrom() {
        return START.plus(Duration.ofDays(WARM_UP_DAYS));
    }

    /** The start of the test rows. */
    public static Instant testFrom() {
        return START.plus(Duration.ofDays(TEST_FROM_DAY));
    }

    /** The documented overall fraud share. */
    public static double fraudShare() {
        return FRAUD_SHARES.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
