package org.trustmall.ai.risk;

/**
 * Count, mean and (sample) variance of a set of order amounts: what an amount's z-score is taken against. SQL gives it
 * as {@code count(*), avg(amount), var_samp(amount)}.
 *
 * @param count    how many amounts
 * @param mean     their mean (0 when none)
 * @param variance their sample variance (0 when fewer than two)
 */
public record AmountStats(long count, double mean, double variance) {
    /** No amounts at all. */
    public static final AmountStats NONE = new AmountStats(0, 0, 0);

    /** Z-scores are clipped to ± this, so one odd history cannot dominate a model. */
    public static final double Z_LIMIT = 20;

    public AmountStats {
        if (count < 0 || !Double.isFinite(mean) || !(variance >= 0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("bad amount statistics: count " + count + ", mean " + mean
                    + ", variance " + variance);
        }
    }

    /** The statistics of the given amounts (Welford's algorithm, so the order of the amounts does not matter much). */
    public static AmountStats of(double... amounts) {
        long n = 0;
        double mean = 0;
        double m2 = 0;
        for (double a : amounts) {
            n++;
            double d = a - mean;
            mean += d / n;
            m2 += d * (a - mean);
        }
        return new AmountStats(n, n == 0 ? 0 : mean, n < 2 ? 0 : Math.max(0, m2 / (n - 1)));
    }

    /**
     * How many standard deviations {@code amount} lies from the mean, 0 when there are fewer than two amounts to
     * compare with. The deviation is floored at 1 CNY + 10 % of the mean: a buyer who always paid exactly 100 has
     * variance 0, and 101 should not look infinitely odd. Clipped to ±{@value #Z_LIMIT}.
     */
    public double zScore(double amount) {
        if (count < 2) {
            return 0;
        }
        double sd = Math.max(Math.sqrt(variance), 1.0 + 0.1 * Math.abs(mean));
        double z = (amount - mean) / sd;
        return Math.max(-Z_LIMIT, Math.min(Z_LIMIT, z));
    }
}
