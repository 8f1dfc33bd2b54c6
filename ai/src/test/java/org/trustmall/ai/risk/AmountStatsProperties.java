package org.trustmall.ai.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class AmountStatsProperties {

    private static double[] array(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Property
    void theZScoreIsZeroAtTheMeanHasTheSignOfTheDifferenceAndGrowsWithTheAmount(
            @ForAll @Size(min = 2, max = 30) List<@DoubleRange(min = 1, max = 50_000) Double> history,
            @ForAll @DoubleRange(min = 0.01, max = 100_000) double a,
            @ForAll @DoubleRange(min = 0.01, max = 100_000) double b) {
        AmountStats s = AmountStats.of(array(history));
        assertEquals(0.0, s.zScore(s.mean()), 1e-9);
        assertEquals(Math.signum(a - s.mean()), Math.signum(s.zScore(a)), "z of " + a + " against mean " + s.mean());
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        assertTrue(s.zScore(lo) <= s.zScore(hi));
        assertTrue(Math.abs(s.zScore(a)) <= AmountStats.Z_LIMIT);
    }

    @Property
    void theZScoreDoesNotDependOnTheOrderOfTheHistory(
            @ForAll @Size(min = 2, max = 30) List<@DoubleRange(min = 1, max = 50_000) Double> history,
            @ForAll @DoubleRange(min = 0.01, max = 100_000) double amount) {
        List<Double> reversed = new ArrayList<>(history);
        Collections.reverse(reversed);
        assertEquals(AmountStats.of(array(history)).zScore(amount), AmountStats.of(array(reversed)).zScore(amount),
                1e-9);
    }

    @Property
    void theZScoreIsTheDistanceInStandardDeviationsWhenTheyExceedTheFloor(
            @ForAll @DoubleRange(min = 10, max = 1_000) double mean,
            @ForAll @DoubleRange(min = 1, max = 3) double spread,
            @ForAll @DoubleRange(min = -5, max = 5) double k) {
        // Two amounts mean ± d have sample deviation d·√2; d is chosen above the floor (1 + 10 % of the mean).
        double d = (1 + 0.1 * mean) * spread;
        AmountStats s = AmountStats.of(mean - d, mean + d);
        double sd = d * Math.sqrt(2);
        double expected = Math.max(-AmountStats.Z_LIMIT, Math.min(AmountStats.Z_LIMIT, k));
        assertEquals(expected, s.zScore(mean + k * sd), 1e-6);
    }
}
