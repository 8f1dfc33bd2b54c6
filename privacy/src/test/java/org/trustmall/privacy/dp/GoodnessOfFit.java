package org.trustmall.privacy.dp;

import java.util.ArrayList;
import java.util.List;

/**
 * Pearson's chi-square test of samples against a distribution over integers, with bins chosen so that each expects at
 * least {@link #MIN_EXPECTED} samples, and the critical value at a fixed significance level by the Wilson–Hilferty
 * approximation (accurate to well under 1 % for the degrees of freedom used here).
 */
final class GoodnessOfFit {
    static final double MIN_EXPECTED = 20;
    /** z for an upper tail of 0.001: a correct sampler fails one seed in a thousand, and the seeds are fixed. */
    static final double Z_999 = 3.090232;

    /** A finished test: the statistic, its degrees of freedom and the critical value at α = 0.001. */
    record Result(double chiSquare, int degreesOfFreedom, double critical, long samples) {
        boolean fits() {
            return chiSquare < critical;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "chi-square %.2f with %d degrees of freedom (critical value "
                    + "%.2f at alpha 0.001) over %d samples", chiSquare, degreesOfFreedom, critical, samples);
        }
    }

    private GoodnessOfFit() {
    }

    /** The discrete Laplace pmf: (1 − a)/(1 + a) · a^|k| with a = e^(−ε/Δ). */
    static double pmf(double epsilon, double sensitivity, long k) {
        double a = Math.exp(-epsilon / sensitivity);
        return (1 - a) / (1 + a) * Math.pow(a, Math.abs(k));
    }

    /** P(X ≥ k) for k ≥ 1 (and by symmetry P(X ≤ −k)): a^k / (1 + a). */
    static double tail(double epsilon, double sensitivity, long k) {
        double a = Math.exp(-epsilon / sensitivity);
        return Math.pow(a, k) / (1 + a);
    }

    static double variance(double epsilon, double sensitivity) {
        double a = Math.exp(-epsilon / sensitivity);
        return 2 * a / ((1 - a) * (1 - a));
    }

    /**
     * Tests {@code samples} against the discrete Laplace of ε/Δ, in bins of {@code width} consecutive integers
     * symmetric around 0 ({0}, [1, w], [w+1, 2w], … and their negatives), the two tails lumped into one bin each
     * once a bin would expect fewer than {@link #MIN_EXPECTED} samples.
     */
    static Result discreteLaplace(long[] samples, double epsilon, double sensitivity, long width) {
        int n = samples.length;
        // Bin edges for the positive side: [lo, hi] inclusive, until the next bin expects too little.
        List<long[]> positive = new ArrayList<>();
        long lo = 1;
        while (true) {
            long hi = lo + width - 1;
            double p = tail(epsilon, sensitivity, lo) - tail(epsilon, sensitivity, hi + 1);
            double rest = tail(epsilon, sensitivity, hi + 1);
            if (p * n < MIN_EXPECTED || rest * n < MIN_EXPECTED) {
                break;
            }
            positive.add(new long[] {lo, hi});
            lo = hi + 1;
        }
        long tailFrom = lo;
        int bins = 1 + 2 * positive.size() + 2;
        long[] observed = new long[bins];
        double[] expected = new double[bins];
        expected[0] = pmf(epsilon, sensitivity, 0) * n;
        for (int i = 0; i < positive.size(); i++) {
            double p = tail(epsilon, sensitivity, positive.get(i)[0]) - tail(epsilon, sensitivity,
                    positive.get(i)[1] + 1);
            expected[1 + 2 * i] = p * n;
            expected[2 + 2 * i] = p * n;
        }
        expected[bins - 2] = tail(epsilon, sensitivity, tailFrom) * n;
        expected[bins - 1] = tail(epsilon, sensitivity, tailFrom) * n;
        for (long s : samples) {
            long m = Math.abs(s);
            int bin;
            if (m == 0) {
                bin = 0;
            } else if (m >= tailFrom) {
                bin = s > 0 ? bins - 2 : bins - 1;
            } else {
                int i = (int) ((m - 1) / width);
                bin = s > 0 ? 1 + 2 * i : 2 + 2 * i;
            }
            observed[bin]++;
        }
        double chi = 0;
        for (int i = 0; i < bins; i++) {
            double d = observed[i] - expected[i];
            chi += d * d / expected[i];
        }
        int df = bins - 1;
        return new Result(chi, df, critical(df), n);
    }

    /** The chi-square quantile at 0.999 by Wilson–Hilferty. */
    static double critical(int df) {
        double c = 2.0 / (9.0 * df);
        double x = 1 - c + Z_999 * Math.sqrt(c);
        return df * x * x * x;
    }

    /** A statistic of the samples computed in one place, so each test reads as its claim. */
    static double mean(long[] samples) {
        double s = 0;
        for (long x : samples) {
            s += x;
        }
        return s / samples.length;
    }

    static double sampleVariance(long[] samples) {
        double m = mean(samples);
        double s = 0;
        for (long x : samples) {
            s += (x - m) * (x - m);
        }
        return s / (samples.length - 1);
    }
}
