package org.trustmall.privacy.dp;

import java.util.Objects;
import java.util.stream.LongStream;
import org.trustmall.privacy.PrivacyException;

/**
 * Counts, sums and means released with ε-differential privacy: the true integer plus {@link DiscreteLaplace} noise
 * scaled to the query's sensitivity. A count's sensitivity is 1 (adding or removing one record changes it by at most
 * one). A sum's values are first clamped to {@code [0, upper]}, so one record moves it by at most {@code upper} — the
 * sensitivity — however large a true value is. Answers may be negative when the true value is small: the noise is
 * unbiased and left so; rounding up to zero for display is harmless post-processing.
 *
 * <p>Which records are "one person's" is the caller's choice and is what the guarantee is about: a count of rows
 * protects one row, a count of distinct people protects one person. Thread-safe.
 */
public final class PrivateAggregates {
    private final DiscreteLaplace noise;

    public PrivateAggregates(DiscreteLaplace noise) {
        this.noise = Objects.requireNonNull(noise, "noise");
    }

    /** A released value: the noisy integer, the ε it cost and the sensitivity the noise was scaled to. */
    public record Noisy(long value, Epsilon epsilon, long sensitivity) {
    }

    /**
     * A released mean: a noisy sum and a noisy count, each with half the ε. The estimate is their quotient (a count
     * below 1 taken as 1), which is post-processing and costs nothing more.
     */
    public record NoisyMean(Noisy sum, Noisy count) {
        public Epsilon epsilon() {
            return sum.epsilon().plus(count.epsilon());
        }

        public double estimate() {
            return (double) sum.value() / Math.max(1, count.value());
        }
    }

    /** A count of records, {@code trueCount ≥ 0}; sensitivity 1. */
    public Noisy count(long trueCount, Epsilon epsilon) {
        if (trueCount < 0) {
            throw new IllegalArgumentException("a count cannot be negative, got " + trueCount);
        }
        return new Noisy(saturatingAdd(trueCount, noise.sample(epsilon, 1)), epsilon, 1);
    }

    /** The sum of {@code values}, each clamped to {@code [0, upper]} first; sensitivity {@code upper ≥ 1}. */
    public Noisy sum(LongStream values, long upper, Epsilon epsilon) {
        long clamped = clampedSum(values, upper)[0];
        return new Noisy(saturatingAdd(clamped, noise.sample(epsilon, upper)), epsilon, upper);
    }

    /** The mean of {@code values} clamped to {@code [0, upper]}: sum and count, ε split evenly between them. */
    public NoisyMean mean(LongStream values, long upper, Epsilon epsilon) {
        long[] sumAndCount = clampedSum(values, upper);
        Epsilon half = epsilon.dividedBy(2);
        return new NoisyMean(new Noisy(saturatingAdd(sumAndCount[0], noise.sample(half, upper)), half, upper),
                count(sumAndCount[1], half));
    }

    private static long[] clampedSum(LongStream values, long upper) {
        Objects.requireNonNull(values, "values");
        if (upper < 1) {
            throw new IllegalArgumentException("a sum's clamping bound must be at least 1, got " + upper);
        }
        long[] acc = new long[2];
        values.forEachOrdered(v -> {
            long c = Math.max(0, Math.min(upper, v));
            try {
                acc[0] = Math.addExact(acc[0], c);
            } catch (ArithmeticException e) {
                throw new PrivacyException("a clamped sum overflows a long; lower the clamping bound");
            }
            acc[1]++;
        });
        return acc;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
