package org.trustmall.data.normalise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/** The algebra of the z-score: centred and scaled, exact through JSON, invariant under positive affine maps. */
class ZScorePropertyTest {
    private static final double TOL = 1e-9;

    /** Values of bounded magnitude whose spread is not negligible against their size (well-conditioned). */
    @Provide
    Arbitrary<double[]> values() {
        return Arbitraries.doubles().between(-1e6, 1e6).ofScale(6).array(double[].class).ofMinSize(2).ofMaxSize(200)
                .filter(xs -> spread(xs) > 1e-6 * Math.max(1, maxAbs(xs)));
    }

    @Property(tries = 500)
    void zScoresOfANonConstantArrayHaveMeanZeroAndPopulationStdOne(@ForAll("values") double[] xs) {
        double[] z = ZScore.fit(xs).apply(xs);
        double mean = twoPassMean(z);
        double std = Math.sqrt(twoPassVariance(z));
        assertEquals(0, mean, TOL, "mean");
        assertEquals(1, std, TOL, "population std");
    }

    @Property(tries = 300)
    void statsReadBackFromJsonGiveBitIdenticalZScores(@ForAll("values") double[] xs,
                                                     @ForAll("values") double[] later) throws Exception {
        ZScore.Stats fitted = ZScore.fit(xs);
        String text = new ObjectMapper().writeValueAsString(fitted.toJson());
        ZScore.Stats read = ZScore.Stats.fromJson(new ObjectMapper().readTree(text));
        assertEquals(fitted, read);
        for (double x : later) {
            assertEquals(Double.doubleToRawLongBits(fitted.apply(x)), Double.doubleToRawLongBits(read.apply(x)));
        }
    }

    @Property(tries = 300)
    void zScoresAreInvariantUnderAPositiveAffineMap(@ForAll("values") double[] xs,
                                                   @ForAll @DoubleRange(min = 1e-3, max = 1e3) @Scale(6) double a,
                                                   @ForAll @DoubleRange(min = -1e6, max = 1e6) double b) {
        double[] shifted = Arrays.stream(xs).map(x -> a * x + b).toArray();
        Assume.that(spread(shifted) > 1e-6 * Math.max(1, maxAbs(shifted)));
        double[] z = ZScore.fit(xs).apply(xs);
        double[] zs = ZScore.fit(shifted).apply(shifted);
        for (int i = 0; i < z.length; i++) {
            assertEquals(z[i], zs[i], 1e-6 * Math.max(1, Math.abs(z[i])), "index " + i);
        }
    }

    @Property(tries = 200)
    void aConstantArrayGivesAllZeros(@ForAll @DoubleRange(min = -1e12, max = 1e12) double c,
                                     @ForAll @IntRange(min = 1, max = 100) int n) {
        double[] xs = new double[n];
        Arrays.fill(xs, c);
        ZScore.Stats s = ZScore.fit(xs);
        assertEquals(0, s.std());
        assertArrayEquals(new double[n], s.apply(xs));
        assertEquals(0, s.apply(c + 1));
    }

    @Property(tries = 500)
    void welfordMatchesTheTwoPassFormulaOnWellConditionedData(@ForAll("values") double[] xs) {
        ZScore.Stats s = ZScore.fit(xs);
        double mean = twoPassMean(xs);
        double std = Math.sqrt(twoPassVariance(xs));
        assertEquals(xs.length, s.count());
        assertEquals(mean, s.mean(), TOL * Math.max(1, maxAbs(xs)));
        assertEquals(std, s.std(), TOL * std);
    }

    @Property(tries = 100)
    void welfordStaysAccurateWhereTheNaiveFormulaFails(@ForAll @DoubleRange(min = 1e8, max = 1e9) double base) {
        // E[X²] − E[X]² cancels catastrophically here; σ of {b, b+1, b+2, b+3} is √1.25 exactly in reals.
        double[] xs = {base, base + 1, base + 2, base + 3};
        assertEquals(Math.sqrt(1.25), ZScore.fit(xs).std(), 1e-6);
    }

    @Property(tries = 50)
    void aNonFiniteValueIsRejected(@ForAll("values") double[] xs, @ForAll @IntRange(min = 0, max = 1) int which) {
        xs[0] = which == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
        try {
            ZScore.fit(xs);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("not a finite number"));
            return;
        }
        throw new AssertionError("accepted " + xs[0]);
    }

    static double twoPassMean(double[] xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    static double twoPassVariance(double[] xs) {
        double mean = twoPassMean(xs);
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        return ss / xs.length;
    }

    private static double spread(double[] xs) {
        return Arrays.stream(xs).max().orElse(0) - Arrays.stream(xs).min().orElse(0);
    }

    private static double maxAbs(double[] xs) {
        return Arrays.stream(xs).map(Math::abs).max().orElse(0);
    }
}
