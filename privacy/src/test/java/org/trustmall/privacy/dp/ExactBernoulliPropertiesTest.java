package org.trustmall.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Locale;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The exact coins stay within their bounds for any seed and any rational, certain events are certain, impossible
 * ones never happen, and nonsense parameters are refused rather than rounded into something.
 */
class ExactBernoulliPropertiesTest {

    @Property(tries = 300)
    void aUniformDrawLiesInZeroToBound(@ForAll long seed, @ForAll @LongRange(min = 1) long bound) {
        ExactBernoulli coins = new ExactBernoulli(new SplittableRandom(seed));
        for (int i = 0; i < 20; i++) {
            long x = coins.uniform(bound);
            assertTrue(x >= 0 && x < bound, () -> x + " outside [0, " + bound + ")");
        }
    }

    @Property(tries = 300)
    void aUniformDrawBeyondALongLiesInZeroToBound(@ForAll long seed,
                                                  @ForAll @BigRange(min = "1", max = "1000000000000000000000000000000")
                                                  BigInteger bound) {
        ExactBernoulli coins = new ExactBernoulli(new SplittableRandom(seed));
        for (int i = 0; i < 20; i++) {
            BigInteger x = coins.uniform(bound);
            assertTrue(x.signum() >= 0 && x.compareTo(bound) < 0, () -> x + " outside [0, " + bound + ")");
        }
    }

    @Property(tries = 200)
    void probabilityZeroNeverAndProbabilityOneAlwaysHappens(@ForAll long seed,
                                                            @ForAll @LongRange(min = 1) long denominator) {
        ExactBernoulli coins = new ExactBernoulli(new SplittableRandom(seed));
        BigInteger d = BigInteger.valueOf(denominator);
        for (int i = 0; i < 20; i++) {
            assertFalse(coins.bernoulli(BigInteger.ZERO, d));
            assertTrue(coins.bernoulli(d, d));
            assertTrue(coins.bernoulliExp(BigInteger.ZERO, d), "exp(0) = 1");
        }
    }

    @Property(tries = 200)
    void aProbabilityAboveOneOrANegativeOneIsRefused(@ForAll long seed, @ForAll @LongRange(min = 1) long denominator,
                                                     @ForAll @LongRange(min = 1, max = 1000) long excess) {
        ExactBernoulli coins = new ExactBernoulli(new SplittableRandom(seed));
        BigInteger d = BigInteger.valueOf(denominator);
        assertThrows(IllegalArgumentException.class, () -> coins.bernoulli(d.add(BigInteger.valueOf(excess)), d));
        assertThrows(IllegalArgumentException.class, () -> coins.bernoulli(BigInteger.valueOf(-excess), d));
        assertThrows(IllegalArgumentException.class, () -> coins.bernoulli(BigInteger.ZERO, BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class, () -> coins.bernoulliExp(BigInteger.valueOf(-excess), d));
        assertThrows(IllegalArgumentException.class, () -> coins.bernoulliExp(BigInteger.ONE, d.negate()));
        assertThrows(IllegalArgumentException.class, () -> coins.uniform(0));
    }

    @Property(tries = 100)
    void aHugeExponentIsAlmostNeverTrueAndNeverLoopsLong(@ForAll long seed,
                                                         @ForAll @IntRange(min = 50, max = 1_000_000) int gamma) {
        // exp(−50) ≈ 2e-22: even one true answer in a hundred tries would be a broken sampler.
        ExactBernoulli coins = new ExactBernoulli(new SplittableRandom(seed));
        for (int i = 0; i < 100; i++) {
            assertFalse(coins.bernoulliExp(BigInteger.valueOf(gamma), BigInteger.ONE));
        }
    }

    @Example
    void coinsComeUpWithExactlyTheirProbabilityOverManyFlips() {
        ExactBernoulli coins = new ExactBernoulli(new SplittableRandom(99));
        int n = 200_000;
        long[][] rationals = {{1, 3}, {1, 1}, {5, 2}, {7, 10}, {0, 1}};
        for (long[] r : rationals) {
            BigInteger num = BigInteger.valueOf(r[0]);
            BigInteger den = BigInteger.valueOf(r[1]);
            int hits = 0;
            for (int i = 0; i < n; i++) {
                if (coins.bernoulliExp(num, den)) {
                    hits++;
                }
            }
            double p = Math.exp(-(double) r[0] / r[1]);
            double sd = Math.sqrt(p * (1 - p) / n);
            double observed = (double) hits / n;
            System.out.printf(Locale.ROOT, "[dp] Bernoulli(exp(-%d/%d)): %.5f observed, %.5f expected%n", r[0], r[1],
                    observed, p);
            assertEquals(p, observed, Math.max(4.5 * sd, 1e-12), () -> "exp(-" + r[0] + "/" + r[1] + ")");
        }
    }
}
