package org.trustmall.ai.recsys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.trustmall.data.normalise.FeatureNormaliser;
import org.trustmall.data.normalise.ItemFeatures;
import org.trustmall.data.normalise.ZScore;

/**
 * Serving applies exactly the stored μ and σ: the scorer as read back from its bytes maps a live value equal to μ to
 * z = 0, μ + kσ to k, and scores {@code Σ w·(x − μ)/σ} whatever values it meets.
 */
class FeatureScorerPropertyTest {
    private static final int F = ItemFeatures.FEATURES.size();

    @Provide
    Arbitrary<FeatureNormaliser> normalisers() {
        Arbitrary<ZScore.Stats> stats = Combinators.combine(Arbitraries.doubles().between(-1e6, 1e6).ofScale(6),
                Arbitraries.doubles().between(1e-3, 1e6).ofScale(6), Arbitraries.longs().between(1, 1_000_000))
                .as(ZScore.Stats::new);
        return stats.list().ofSize(F).map(list -> {
            Map<String, ZScore.Stats> m = new LinkedHashMap<>();
            for (int f = 0; f < F; f++) {
                m.put(ItemFeatures.FEATURES.get(f), list.get(f));
            }
            return FeatureNormaliser.of(m);
        });
    }

    @Provide
    Arbitrary<double[]> weights() {
        return Arbitraries.doubles().between(-10, 10).ofScale(6).array(double[].class)
                .ofSize(FeatureScorer.INPUTS.size());
    }

    @Property(tries = 300)
    void aLiveValueEqualToTheStoredMeanHasZScoreZero(@ForAll("normalisers") FeatureNormaliser stats,
                                                     @ForAll("weights") double[] w,
                                                     @ForAll @IntRange(min = 0, max = 4) int feature) {
        FeatureScorer served = roundTrip(FeatureScorer.of(stats, w));
        double[] raw = new double[F];
        for (int f = 0; f < F; f++) {
            raw[f] = stats.stats(ItemFeatures.FEATURES.get(f)).mean();
        }
        double[] x = served.inputs(raw);
        for (int f = 0; f < F; f++) {
            assertEquals(0.0, x[f], "z of " + ItemFeatures.FEATURES.get(f));
            assertEquals(0.0, x[F + f], "present, so not flagged missing");
        }
        assertEquals(0.0, served.score(raw), "every z is zero: so is the score");
        raw[feature] = Double.NaN;
        assertEquals(w[F + feature], served.score(raw), "a missing value scores its indicator's weight only");
    }

    @Property(tries = 300)
    void aLiveValueKStandardDeviationsFromTheMeanHasZScoreKAndScoresLinearly(
            @ForAll("normalisers") FeatureNormaliser stats, @ForAll("weights") double[] w,
            @ForAll @DoubleRange(min = -50, max = 50) double k) {
        FeatureScorer served = roundTrip(FeatureScorer.of(stats, w));
        double[] raw = new double[F];
        double expected = 0;
        for (int f = 0; f < F; f++) {
            ZScore.Stats s = stats.stats(ItemFeatures.FEATURES.get(f));
            raw[f] = s.mean() + k * s.std();
            expected += w[f] * (raw[f] - s.mean()) / s.std();
        }
        double[] x = served.inputs(raw);
        for (int f = 0; f < F; f++) {
            ZScore.Stats s = stats.stats(ItemFeatures.FEATURES.get(f));
            // (μ + kσ − μ)/σ is k up to the rounding of μ + kσ, at most half an ulp of it over σ.
            assertEquals(k, x[f], 2 * Math.ulp(Math.abs(s.mean()) + Math.abs(k * s.std())) / s.std() + 1e-12);
        }
        assertEquals(expected, served.score(raw), 1e-9 * (1 + Math.abs(expected)));
    }

    @Property(tries = 200)
    void theStoredStatsAndWeightsReadBackBitForBit(@ForAll("normalisers") FeatureNormaliser stats,
                                                   @ForAll("weights") double[] w) {
        FeatureScorer served = roundTrip(FeatureScorer.of(stats, w));
        assertArrayEquals(w, served.weights());
        for (String f : ItemFeatures.FEATURES) {
            assertEquals(stats.stats(f), served.normaliser().stats(f), f);
        }
        for (double[] raw : List.of(new double[] {3, 2, 0.5, 4.2, 1999}, new double[] {0, 0, Double.NaN,
                Double.NaN, 10})) {
            assertEquals(Double.doubleToRawLongBits(FeatureScorer.of(stats, w).score(raw)),
                    Double.doubleToRawLongBits(served.score(raw)));
        }
    }

    static FeatureScorer roundTrip(FeatureScorer s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            s.write(new DataOutputStream(bytes));
            return FeatureScorer.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
