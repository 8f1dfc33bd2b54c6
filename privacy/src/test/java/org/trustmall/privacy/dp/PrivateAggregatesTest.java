package org.trustmall.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.trustmall.privacy.PrivacyException;

/**
 * Aggregates are the exact (clamped) value plus one draw of noise scaled to the query's sensitivity: checked by
 * drawing the same noise from a second sampler on the same seed.
 */
class PrivateAggregatesTest {
    private static final Epsilon HALF = Epsilon.parse("0.5");

    private static PrivateAggregates aggregates(long seed) {
        return new PrivateAggregates(new DiscreteLaplace(new SplittableRandom(seed)));
    }

    private static DiscreteLaplace noise(long seed) {
        return new DiscreteLaplace(new SplittableRandom(seed));
    }

    @Test
    void aCountIsTheTrueCountPlusNoiseOfSensitivityOne() {
        PrivateAggregates.Noisy c = aggregates(5).count(1234, HALF);
        assertEquals(1234 + noise(5).sample(HALF, 1), c.value());
        assertEquals(HALF, c.epsilon());
        assertEquals(1, c.sensitivity());
    }

    @Test
    void aSumClampsEveryValueToZeroUpToTheBoundAndScalesItsNoiseToTheBound() {
        // −5 → 0, 3 → 3, 1000 → 10: one record can move the sum by at most 10, whatever it holds.
        PrivateAggregates.Noisy s = aggregates(6).sum(LongStream.of(-5, 3, 1000), 10, HALF);
        assertEquals(13 + noise(6).sample(HALF, 10), s.value());
        assertEquals(10, s.sensitivity());
    }

    @Test
    void aMeanSpendsHalfItsEpsilonOnTheSumAndHalfOnTheCount() {
        PrivateAggregates.NoisyMean m = aggregates(7).mean(LongStream.of(2, 4, 6, 100), 10, HALF);
        DiscreteLaplace same = noise(7);
        Epsilon quarter = Epsilon.parse("0.25");
        long sum = 22 + same.sample(quarter, 10);
        long count = 4 + same.sample(quarter, 1);
        assertEquals(sum, m.sum().value());
        assertEquals(count, m.count().value());
        assertEquals(HALF, m.epsilon());
        assertEquals((double) sum / Math.max(1, count), m.estimate());
    }

    @Test
    void theNoiseOfASumHasTheVarianceOfItsSensitivity() {
        PrivateAggregates a = aggregates(8);
        int n = 50_000;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            long v = a.sum(LongStream.of(0), 50, Epsilon.parse("1")).value();
            sq += (double) v * v;
        }
        double expected = GoodnessOfFit.variance(1, 50); // ≈ 2·50² = 5000
        System.out.printf(java.util.Locale.ROOT, "[dp] sum noise variance, bound 50, eps 1: %.1f (expected %.1f)%n",
                sq / n, expected);
        assertEquals(expected, sq / n, expected * 0.05);
    }

    @Test
    void nonsenseIsRefused() {
        PrivateAggregates a = aggregates(9);
        assertThrows(IllegalArgumentException.class, () -> a.count(-1, HALF));
        assertThrows(IllegalArgumentException.class, () -> a.sum(LongStream.of(1), 0, HALF));
        assertThrows(IllegalArgumentException.class, () -> a.count(1, Epsilon.ZERO));
        assertThrows(PrivacyException.class, () -> a.sum(LongStream.of(Long.MAX_VALUE, Long.MAX_VALUE),
                Long.MAX_VALUE, HALF));
    }
}
