package org.trustmall.data.clean;

import java.util.Arrays;
import java.util.Locale;
import org.trustmall.data.normalise.ZScore;

/**
 * How a value is judged an outlier among its peers: {@link Iqr} (Tukey's fences) or {@link Z} (distance from the
 * mean in population standard deviations). A value is an outlier when it lies strictly outside {@link #bounds}.
 */
public sealed interface OutlierRule {
    /** The closed interval of values that are kept; {@code values} need not be sorted and is not changed. */
    Bounds bounds(double[] values);

    /** Short text for reports, e.g. {@code iqr(k=1.5)}. */
    String describe();

    /**
     * Tukey's fences: keep {@code [Q1 − k·IQR, Q3 + k·IQR]}, IQR = Q3 − Q1, the quartiles by linear interpolation
     * between order statistics (Hyndman–Fan type 7, as R and NumPy default to).
     */
    record Iqr(double k) implements OutlierRule {
        public Iqr {
            if (!(k >= 0) || Double.isInfinite(k)) {
                throw new IllegalArgumentException("iqr k must be a finite number ≥ 0, was " + k);
            }
        }

        @Override
        public Bounds bounds(double[] values) {
            if (values.length == 0) {
                return Bounds.ALL;
            }
            double[] s = values.clone();
            Arrays.sort(s);
            double q1 = quantile(s, 0.25);
            double q3 = quantile(s, 0.75);
            double iqr = q3 - q1;
            return new Bounds(q1 - k * iqr, q3 + k * iqr);
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "iqr(k=%s)", k);
        }

        static double quantile(double[] sorted, double p) {
            double h = (sorted.length - 1) * p;
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, sorted.length - 1);
            return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }
    }

    /** Keep {@code [μ − t·σ, μ + t·σ]}, σ the population standard deviation; with σ = 0 nothing is an outlier. */
    record Z(double threshold) implements OutlierRule {
        public Z {
            if (!(threshold > 0) || Double.isInfinite(threshold)) {
                throw new IllegalArgumentException("z threshold must be a finite number > 0, was " + threshold);
            }
        }

        @Override
        public Bounds bounds(double[] values) {
            ZScore.Stats s = ZScore.fit(values);
            return s.std() == 0 ? Bounds.ALL
                    : new Bounds(s.mean() - threshold * s.std(), s.mean() + threshold * s.std());
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "z(threshold=%s)", threshold);
        }
    }

    /** The values kept: {@code low ≤ x ≤ high}. */
    record Bounds(double low, double high) {
        public static final Bounds ALL = new Bounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

        public boolean contains(double x) {
            return x >= low && x <= high;
        }
    }
}
